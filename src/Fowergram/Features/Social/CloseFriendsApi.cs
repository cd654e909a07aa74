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
    public async Task<IResult> Add(HttpRequest request, string username, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct) is not { } friend) return Problems.NotFound("user");
        if (friend == caller.UserId) return SocialTargets.Self("add as a close friend");
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Under the pair lock a block cannot slip in before this write; one made since the lookup above is a 404, as it would
        // have been a moment later. The lookup in the transaction also holds the account's row against its purge.
        await PairLock.TakeAsync(conn, tx, caller.UserId, friend, ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) != friend) return Problems.NotFound("user");
        await conn.ExecuteAsync(new CommandDefinition(CloseFriendsSql.Insert, new { me = caller.UserId, friend, now = time.GetUtcNow() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// 204, also without an entry; the caller's own entry goes whatever the friend's state (deactivated, deleted in its
    /// grace: left out of the list, back on it when the account returns; <see cref="SocialTargets.FindForRemovalAsync"/>);
    /// 404 for a name that is neither an entry nor an account the caller may see.
    /// </summary>
    public async Task<IResult> Remove(HttpRequest request, string username, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await SocialTargets.FindForRemovalAsync(conn, tx, caller, username, "close_friends", "user_id", "friend_id", ct) is not { } friend)
            return Problems.NotFound("user");
        if (friend == caller.UserId) return SocialTargets.Self("remove as a close friend");
        await conn.ExecuteAsync(new CommandDefinition(CloseFriendsSql.Delete, new { me = caller.UserId, friend }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await UserLists.PageAsync(conn, CloseFriendsSql.List, new { viewer = caller.UserId }, page, r => r.ToItem(), ct));
    }
}
