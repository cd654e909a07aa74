using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// The caller's read receipts switch (docs/messages.md "Read receipts", migration 0124): off, the other members of the
/// caller's threads no longer see how far the caller has read. As on Instagram it is not mutual: the caller still sees
/// theirs. The caller's own unread counts are unchanged.
/// </summary>
public sealed class ReadReceiptsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const string Read = "SELECT show_read_receipts FROM users WHERE id = @viewer AND is_active AND deleted_at IS NULL";

    private static readonly string Set = AccountSwitches.Set("show_read_receipts");

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ReadAsync(conn, caller.UserId, ct);
    }

    public async Task<IResult> Put(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var (visible, error) = await AccountSwitches.ReadAsync(request, ct);
        if (error is not null) return error;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Set, new { viewer = caller.UserId, visible, now = Timestamps.Now(time) }, cancellationToken: ct));
        return await ReadAsync(conn, caller.UserId, ct);
    }

    private static async Task<IResult> ReadAsync(NpgsqlConnection conn, Guid viewer, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(Read, new { viewer }, cancellationToken: ct)) is { } visible
            ? Api.Ok(new ReadReceiptsView(visible))
            : Problems.AccountGone();
}

/// <summary>Whether the caller shows others how far they have read.</summary>
public sealed record ReadReceiptsView(bool Visible);
