using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>PUT/DELETE /users/{username}/follow and DELETE /users/me/followers/{username}. All are idempotent.</summary>
public sealed class FollowApi(NpgsqlDataSource db, AccessTokens accessTokens, WriteAllowances allowances, TimeProvider time)
{
    /// <summary>A public account is followed at once; a private one gets a request (once).</summary>
    public async Task<IResult> Follow(HttpRequest request, string username, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        var target = await SocialTargets.FindVisibleAsync(conn, caller, username, ct);
        if (target is not { } targetId) return Problems.NotFound("user");
        if (targetId == caller.UserId) return SocialTargets.Self("follow");

        await using var tx = await conn.BeginTransactionAsync(ct);
        await PairLock.TakeAsync(conn, tx, caller.UserId, targetId, ct);
        var state = await conn.QuerySingleOrDefaultAsync<TargetState>(new CommandDefinition(FollowSql.TargetState,
            new { me = caller.UserId, target = targetId }, tx, cancellationToken: ct));
        if (state is null || state.Blocked) return Problems.NotFound("user");
        if (state.Following) return Api.Ok(FollowStatus.Following);

        var now = time.GetUtcNow();
        if (!state.IsPrivate)
        {
            // A request left from when the account was private is superseded by the follow.
            await conn.ExecuteAsync(new CommandDefinition(FollowSql.DeleteRequest,
                new { requester = caller.UserId, target = targetId }, tx, cancellationToken: ct));
            var followed = await conn.ExecuteAsync(new CommandDefinition(FollowSql.InsertFollow,
                new { follower = caller.UserId, following = targetId, now }, tx, cancellationToken: ct));
            if (followed == 1)
                await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.FollowCreated, caller.UserId,
                    new FollowPayload(caller.UserId, targetId), ct);
            // Only a new follow spends: the same PUT again is idempotent and writes nothing.
            if (followed == 1 && await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.Follow, ct) is { } spent) return spent;
            await tx.CommitAsync(ct);
            return Api.Ok(FollowStatus.Following);
        }

        var requested = await conn.ExecuteAsync(new CommandDefinition(FollowSql.InsertRequest,
            new { requester = caller.UserId, target = targetId, now }, tx, cancellationToken: ct));
        if (requested == 1)
            await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.FollowRequested, caller.UserId,
                new FollowRequestPayload(caller.UserId, targetId, targetId), ct);
        if (requested == 1 && await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.Follow, ct) is { } notAllowed) return notAllowed;
        await tx.CommitAsync(ct);
        return Api.Ok(FollowStatus.Requested);
    }

    /// <summary>
    /// Unfollows, or withdraws the caller's pending request; 204 whether or not there was anything to undo. The caller's own
    /// follow or request goes whatever the account's state (deactivated, deleted in its grace, suspended: until 2026-12-07 a
    /// 404 that kept it, in force once the account was back); a gone caller's token is a 401.
    /// </summary>
    public async Task<IResult> Unfollow(HttpRequest request, string username, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var target = await SocialTargets.FindOnOwnListAsync(conn, tx, caller, username, "follow_requests", "requester_id", "target_id", ct)
            ?? await SocialTargets.FindForRemovalAsync(conn, tx, caller, username, "follows", "follower_id", "following_id", ct);
        if (target is not { } targetId) return Problems.NotFound("user");
        if (targetId == caller.UserId) return SocialTargets.Self("unfollow");

        await PairLock.TakeAsync(conn, tx, caller.UserId, targetId, ct);
        var counted = await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(FollowSql.DeleteFollow,
            new { follower = caller.UserId, following = targetId }, tx, cancellationToken: ct));
        if (counted is { } wasCounted)
            await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.FollowDeleted, caller.UserId,
                new FollowDeletedPayload(caller.UserId, targetId, wasCounted, "unfollow"), ct);
        var cancelled = await conn.ExecuteAsync(new CommandDefinition(FollowSql.DeleteRequest,
            new { requester = caller.UserId, target = targetId }, tx, cancellationToken: ct));
        if (cancelled == 1)
            await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.FollowRequestCancelled, caller.UserId,
                new FollowRequestPayload(caller.UserId, targetId, targetId), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// The caller removes one of their followers, as Instagram's "Remove follower": the follow ends exactly as an
    /// unfollow would end it (counters, the follower's feed), but the actor is the caller, and the follower is not
    /// told. A private account's removed follower has to ask again. 204 whether or not they followed.
    /// </summary>
    public async Task<IResult> RemoveFollower(HttpRequest request, string username, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // A follower who deactivated or is deleted in its grace still follows (and sees a private account again once back):
        // removing them is the caller's to do whatever their state, as every own list's entry (SocialTargets.FindForRemovalAsync).
        var follower = await SocialTargets.FindForRemovalAsync(conn, tx, caller, username, "follows", "following_id", "follower_id", ct);
        if (follower is not { } followerId) return Problems.NotFound("user");
        if (followerId == caller.UserId) return Problems.BadRequest("You cannot remove yourself from your followers.");

        await PairLock.TakeAsync(conn, tx, caller.UserId, followerId, ct);
        var counted = await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(FollowSql.DeleteFollow,
            new { follower = followerId, following = caller.UserId }, tx, cancellationToken: ct));
        if (counted is { } wasCounted)
            await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.FollowDeleted, caller.UserId,
                new FollowDeletedPayload(followerId, caller.UserId, wasCounted, FollowDeletedPayload.Removed), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
