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
/// idempotent 204s for any account whose profile the caller can see (404 otherwise), refused for the caller themself with
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

    public Task<IResult> AddAsync(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time, HttpRequest request, string username,
        CancellationToken ct) => ChangeAsync(db, tokens, time, request, username, Insert, ct);

    public Task<IResult> RemoveAsync(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time, HttpRequest request, string username,
        CancellationToken ct) => ChangeAsync(db, tokens, time, request, username, Delete, ct);

    public async Task<IResult> PageAsync(NpgsqlDataSource db, AccessTokens tokens, HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await UserLists.PageAsync(conn, List, new { viewer = caller.UserId }, page, r => r.ToItem(), ct));
    }

    private async Task<IResult> ChangeAsync(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time, HttpRequest request, string username,
        string sql, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        // The lookup in the transaction holds the account's row: its purge cannot slip in before the write (a foreign-key 500).
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) is not { } other) return Problems.NotFound("user");
        if (other == caller.UserId) return Problems.BadRequest(SelfRefusal);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { me = caller.UserId, other, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
