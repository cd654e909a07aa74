using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// /users/me/follow-requests: incoming and sent lists; approve and decline. Deciding needs a pending
/// request to the caller from that user; anything else (someone else's request, none at all) is 404.
/// </summary>
public sealed class FollowRequestsApi(NpgsqlDataSource db, AccessTokens accessTokens, TimeProvider time)
{
    public Task<IResult> Incoming(HttpRequest request, CancellationToken ct) => ListAsync(request, FollowRequestsSql.Incoming, ct);

    public Task<IResult> Sent(HttpRequest request, CancellationToken ct) => ListAsync(request, FollowRequestsSql.Sent, ct);

    /// <summary>Turns the request into a follow: follow.request_approved (actor: the caller) and follow.created (actor: the requester).</summary>
    public Task<IResult> Approve(HttpRequest request, string username, CancellationToken ct) =>
        DecideAsync(request, username, approve: true, ct);

    public Task<IResult> Decline(HttpRequest request, string username, CancellationToken ct) =>
        DecideAsync(request, username, approve: false, ct);

    private async Task<IResult> ListAsync(HttpRequest request, string sql, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        return Api.Ok(await UserLists.PageAsync(conn, sql, new { viewer = caller.UserId }, page, r => r.ToItem(), ct));
    }

    private async Task<IResult> DecideAsync(HttpRequest request, string username, bool approve, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct) is not { } requester) return Problems.NotFound("follow request");

        await using var tx = await conn.BeginTransactionAsync(ct);
        await PairLock.TakeAsync(conn, tx, caller.UserId, requester, ct);
        // A block deletes requests under the same lock, so a request still here is between unblocked users.
        var taken = await conn.ExecuteAsync(new CommandDefinition(FollowRequestsSql.Take,
            new { requester, me = caller.UserId }, tx, cancellationToken: ct));
        if (taken == 0) return Problems.NotFound("follow request");

        if (approve)
        {
            var followed = await conn.ExecuteAsync(new CommandDefinition(FollowSql.InsertFollow,
                new { follower = requester, following = caller.UserId, now = time.GetUtcNow() }, tx, cancellationToken: ct));
            await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.FollowRequestApproved, caller.UserId,
                new FollowRequestPayload(requester, caller.UserId, requester), ct);
            if (followed == 1)
                await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.FollowCreated, requester, new FollowPayload(requester, caller.UserId), ct);
        }
        else
        {
            await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.FollowRequestDeclined, caller.UserId,
                new FollowRequestPayload(requester, caller.UserId, requester), ct);
        }
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
