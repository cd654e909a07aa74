using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// GET/PUT /users/{username}/notifications and GET /users/me/notification-subscriptions (docs/social-graph.md "Notifications
/// from accounts you follow"): the bell on a followed account's profile. The caller's own settings only; an approved follow
/// is required to turn anything on (409 otherwise), and the row goes with the follow (ON DELETE CASCADE, migration 0146).
/// subscription-notifications delivers the notices.
/// </summary>
public sealed class NotificationSubscriptionsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private static readonly string[] Fields = ["posts", "stories", "reels", "videos"];

    public const string NotFollowing =
        "Follow this account first: notifications can be turned on only for an account you follow (a pending request is not enough).";

    public async Task<IResult> Get(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct) is not { } other)
            return await GoneCaller.NotFoundAsync(conn, caller.UserId, "user", ct);
        if (other == caller.UserId) return SocialTargets.Self("get notifications from");
        var current = await conn.QuerySingleOrDefaultAsync<NotificationSubscription>(new CommandDefinition(NotificationSubscriptionsSql.Read,
            new { me = caller.UserId, other }, cancellationToken: ct));
        return Api.Ok(current ?? NotificationSubscription.None);
    }

    /// <summary>Members left out keep their value; turning the last one off deletes the row. Idempotent.</summary>
    public async Task<IResult> Put(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<NotificationSubscriptionRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var change = body.Value!;
        if (change is { Posts: null, Stories: null, Reels: null, Videos: null })
            return Problems.Validation(Fields.ToDictionary(f => f, _ => new[] { "Send at least one of posts, stories, reels and videos, each true or false." }));

        await using var conn = await db.OpenConnectionAsync(ct);
        // A gone caller sees no profile: only on the way to that 404 is its own row probed, for the 401 it should get.
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct) is not { } other)
            return await GoneCaller.NotFoundAsync(conn, caller.UserId, "user", ct);
        if (other == caller.UserId) return SocialTargets.Self("get notifications from");
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The pair lock every follow, unfollow, removal and block takes: the follow cannot end between the check and the write.
        await PairLock.TakeAsync(conn, tx, caller.UserId, other, ct);
        // Again under the lock: a block made since the lookup above is a 404, as it would have been a moment later.
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) != other) return Problems.NotFound("user");
        var args = new { me = caller.UserId, other };
        var current = await conn.QuerySingleOrDefaultAsync<FollowedSettings>(new CommandDefinition(NotificationSubscriptionsSql.Current, args, tx,
            cancellationToken: ct));
        if (current is null) return Problems.Conflict(NotFollowing);

        var next = new NotificationSubscription(change.Posts ?? current.Posts, change.Stories ?? current.Stories,
            change.Reels ?? current.Reels, change.Videos ?? current.Videos);
        var sql = next.Any ? NotificationSubscriptionsSql.Upsert : NotificationSubscriptionsSql.Delete;
        await conn.ExecuteAsync(new CommandDefinition(sql, new { args.me, args.other, next.Posts, next.Stories, next.Reels, next.Videos,
            now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.Ok(next);
    }

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await UserLists.PageAsync(conn, NotificationSubscriptionsSql.List, new { viewer = caller.UserId }, page,
            r => r.ToSubscriptionItem(), ct));
    }

    private sealed record FollowedSettings(bool Following, bool Posts, bool Stories, bool Reels, bool Videos);
}
