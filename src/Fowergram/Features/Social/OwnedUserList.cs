using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// One account's silent list of other accounts, kept in <paramref name="Table"/> (owner in <paramref name="OwnerColumn"/>,
/// listed account in <paramref name="MemberColumn"/>, <c>created_at</c>, primary key on the pair): adding and removing are
/// idempotent 204s for any account whose profile the caller can see (404 otherwise; the caller's own entry is removed whatever
/// the account's state), refused for the caller themself with
/// <paramref name="SelfRefusal"/>; the list is the owner's, newest first. No event, nobody is told. Restrictions and
/// "hide story and live from" are such lists.
/// </summary>
internal sealed record OwnedUserList(string Table, string OwnerColumn, string MemberColumn, string SelfRefusal)
{
    private string Insert => $"""
        INSERT INTO {Table} ({OwnerColumn}, {MemberColumn}, created_at) VALUES (@me, @other, @now)
        ON CONFLICT ({OwnerColumn}, {MemberColumn}) DO NOTHING
        """;

    private string Delete => $"DELETE FROM {Table} WHERE {OwnerColumn} = @me AND {MemberColumn} = @other";

    private string List => UserLists.OwnList(Table, OwnerColumn, MemberColumn);

    public async Task<IResult> AddAsync(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time, HttpRequest request, string username,
        CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        // The lookup in the transaction holds the account's row: its purge cannot slip in before the write (a foreign-key 500).
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) is not { } other) return Problems.NotFound("user");
        if (other == caller.UserId) return Problems.BadRequest(SelfRefusal);
        await conn.ExecuteAsync(new CommandDefinition(Insert, new { me = caller.UserId, other, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// The caller's own entry goes whatever the named account's state (<see cref="SocialTargets.FindForRemovalAsync"/>: until
    /// 2026-12-07 one deactivated or blocking the caller was a 404 and its entry stayed, in force once it came back); 204 too
    /// for an account the caller may see without an entry; 404 only for a name that is neither; a gone caller's token is a 401.
    /// </summary>
    public async Task<IResult> RemoveAsync(NpgsqlDataSource db, AccessTokens tokens, HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await SocialTargets.FindForRemovalAsync(conn, tx, caller, username, Table, OwnerColumn, MemberColumn, ct) is not { } other)
            return Problems.NotFound("user");
        if (other == caller.UserId) return Problems.BadRequest(SelfRefusal);
        await conn.ExecuteAsync(new CommandDefinition(Delete, new { me = caller.UserId, other }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    public async Task<IResult> PageAsync(NpgsqlDataSource db, AccessTokens tokens, HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await UserLists.PageAsync(conn, List, new { viewer = caller.UserId }, page, r => r.ToItem(), ct));
    }
}
