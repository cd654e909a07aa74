using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>Who may work the queue and suspend accounts: the accounts in <c>moderators</c> (docs/deploy.md "Moderators").</summary>
internal static class Moderators
{
    /// <summary>
    /// Why <paramref name="viewer"/> may not work the queue, or null: 401 when its account is gone (a token outlives a deleted or
    /// suspended moderator by up to its lifetime, and before 2026-12-05 such a token still suspended accounts and closed
    /// reports), 403 for anyone not granted.
    /// </summary>
    public static async Task<IResult?> RefusalAsync(NpgsqlConnection conn, Guid viewer, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<(bool Live, bool Granted)?>(new CommandDefinition(ReportsSql.ModeratorStanding, new { viewer },
            cancellationToken: ct)) switch
        {
            null or { Live: false } => Problems.AccountGone(),
            { Granted: false } => Forbidden(),
            _ => null,
        };

    public static IResult Forbidden() => Problems.Forbidden("Only moderators work the reports queue and suspend accounts.");

    /// <summary>
    /// A moderator closing a report about their own content or account, or deciding the appeal of their own content's removal:
    /// another moderator must (before, one could dismiss every report of their own post, or reverse its removal).
    /// </summary>
    public static IResult OwnCase() => Problems.Forbidden("This is about your own content or account; another moderator must decide it.");

    /// <summary>
    /// A moderator's GET of one row by id (<paramref name="sql"/> binds @id): 401 without a caller, 403 for anyone but a
    /// moderator, 404 naming <paramref name="what"/> for an id that is not one or finds nothing; else the row as
    /// <paramref name="answer"/> shows it, read on the same connection.
    /// </summary>
    public static async Task<IResult> OneAsync<TRow>(NpgsqlDataSource db, AccessTokens tokens, HttpRequest request, string id, string what, string sql,
        Func<NpgsqlConnection, TRow, Task<object>> answer, CancellationToken ct) where TRow : class
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        if (!Guid.TryParse(id, out var rowId)) return Problems.NotFound(what);
        var row = await conn.QuerySingleOrDefaultAsync<TRow>(new CommandDefinition(sql, new { id = rowId }, cancellationToken: ct));
        return row is null ? Problems.NotFound(what) : Api.Ok(await answer(conn, row));
    }
}
