using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// PUT/DELETE /users/me/close-friends/{username} (idempotent, 204) and GET /users/me/close-friends.
/// Silent, like Instagram's list: no event, no notification. Being on the list shows close-friends
/// stories only to those who may also see the account's content (can_view_story).
/// </summary>
public sealed class CloseFriendsApi(NpgsqlDataSource db, AccessTokens accessTokens, TimeProvider time)
{
    public Task<IResult> Add(HttpRequest request, string username, CancellationToken ct) =>
        ChangeAsync(request, username, CloseFriendsSql.Insert, "add", ct);

    public Task<IResult> Remove(HttpRequest request, string username, CancellationToken ct) =>
        ChangeAsync(request, username, CloseFriendsSql.Delete, "remove", ct);

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        return Api.Ok(await UserLists.PageAsync(conn, CloseFriendsSql.List, new { viewer = caller.UserId }, page, r => r.ToItem(), ct));
    }

    private async Task<IResult> ChangeAsync(HttpRequest request, string username, string sql, string verb, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct) is not { } friend) return Problems.NotFound("user");
        if (friend == caller.UserId) return SocialTargets.Self($"{verb} as a close friend");
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Under the pair lock a block cannot slip in before this write; one made since the lookup above is a 404, as it would
        // have been a moment later. The lookup in the transaction also holds the account's row against its purge.
        await PairLock.TakeAsync(conn, tx, caller.UserId, friend, ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) != friend) return Problems.NotFound("user");
        await conn.ExecuteAsync(new CommandDefinition(sql, new { me = caller.UserId, friend, now = time.GetUtcNow() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
