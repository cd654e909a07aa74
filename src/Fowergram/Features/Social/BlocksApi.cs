using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>PUT/DELETE /users/{username}/block (idempotent, 204) and GET /users/me/blocked.</summary>
public sealed class BlocksApi(NpgsqlDataSource db, AccessTokens accessTokens, TimeProvider time)
{
    /// <summary>Blocks, and in the same transaction ends follows, requests and close-friends entries both ways.</summary>
    public async Task<IResult> Block(HttpRequest request, string username, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await SocialTargets.FindForBlockAsync(conn, caller, username, ct) is not { } other) return Problems.NotFound("user");
        if (other == caller.UserId) return SocialTargets.Self("block");

        await using var tx = await conn.BeginTransactionAsync(ct);
        await PairLock.TakeAsync(conn, tx, caller.UserId, other, ct);
        // Again under the lock: the other's block of the caller, committed since the lookup (both blocking at once), makes the
        // caller a blocked account, which may not block back — a 404 as a moment later, not a second block row.
        if (await SocialTargets.FindForBlockAsync(conn, caller, username, ct, tx) != other) return Problems.NotFound("user");
        // Held until the commit: a purge of the account since the lookup is a 404, not the insert's foreign-key failure.
        if (!await People.LockLiveAsync(conn, tx, other, ct)) return Problems.NotFound("user");
        var args = new { me = caller.UserId, other, now = time.GetUtcNow() };
        if (await conn.ExecuteAsync(new CommandDefinition(BlocksSql.Insert, args, tx, cancellationToken: ct)) == 1)
        {
            var removed = await conn.QueryAsync<RemovedFollow>(new CommandDefinition(BlocksSql.DeleteFollows, args, tx, cancellationToken: ct));
            foreach (var follow in removed)
                await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.FollowDeleted, follow.FollowerId,
                    new FollowDeletedPayload(follow.FollowerId, follow.FollowingId, follow.Counted, FollowDeletedPayload.Blocked), ct);
            await conn.ExecuteAsync(new CommandDefinition(BlocksSql.DeleteRequestsAndCloseFriends, args, tx, cancellationToken: ct));
            await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.BlockCreated, caller.UserId, new BlockPayload(caller.UserId, other), ct);
        }
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>Lifts the caller's block; nothing it ended comes back.</summary>
    public async Task<IResult> Unblock(HttpRequest request, string username, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // The caller's own block is lifted whatever the blocked account's state (deactivated, deleted in its grace, suspended:
        // until 2026-12-07 a 404, and the block held once the account was back; SocialTargets.FindOnOwnListAsync).
        if ((await SocialTargets.FindOnOwnListAsync(conn, tx, caller, username, "blocks", "blocker_id", "blocked_id", ct)
             ?? await SocialTargets.FindForBlockAsync(conn, caller, username, ct, tx)) is not { } other) return Problems.NotFound("user");
        if (other == caller.UserId) return SocialTargets.Self("unblock");

        await PairLock.TakeAsync(conn, tx, caller.UserId, other, ct);
        if (await conn.ExecuteAsync(new CommandDefinition(BlocksSql.Delete, new { me = caller.UserId, other }, tx, cancellationToken: ct)) == 1)
            await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.BlockDeleted, caller.UserId, new BlockPayload(caller.UserId, other), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await UserLists.PageAsync(conn, BlocksSql.List, new { viewer = caller.UserId }, page, r => r.ToItem(), ct));
    }
}
