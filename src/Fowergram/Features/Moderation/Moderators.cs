using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>Who may work the queue and suspend accounts: the accounts in <c>moderators</c> (docs/deploy.md "Moderators").</summary>
internal static class Moderators
{
    public static async Task<bool> IsAsync(NpgsqlConnection conn, Guid viewer, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ReportsSql.IsModerator, new { viewer }, cancellationToken: ct));

    public static IResult Forbidden() => Problems.Forbidden("Only moderators work the reports queue and suspend accounts.");

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
        if (!await IsAsync(conn, caller.UserId, ct)) return Forbidden();
        if (!Guid.TryParse(id, out var rowId)) return Problems.NotFound(what);
        var row = await conn.QuerySingleOrDefaultAsync<TRow>(new CommandDefinition(sql, new { id = rowId }, cancellationToken: ct));
        return row is null ? Problems.NotFound(what) : Api.Ok(await answer(conn, row));
    }
}
