using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// PUT/DELETE /users/{username}/mute and GET /users/me/muted. Muting is silent and one-sided: it only
/// filters the muter's feed (posts), story tray (stories) and notes tray (notes, <see cref="NoteMutesApi"/>), and silences the bell's notices of what it hides
/// (SubscriptionNotificationsConsumer). Any account whose profile the caller
/// can see may be muted, followed or not, so a mute survives an unfollow and a later re-follow.
/// </summary>
public sealed class MutesApi(NpgsqlDataSource db, AccessTokens accessTokens, TimeProvider time)
{
    public async Task<IResult> Mute(HttpRequest request, string username, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<MuteRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var state = new MuteState(body.Value!.Posts ?? true, body.Value.Stories ?? false);
        if (!state.Posts && !state.Stories)
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["posts"] = ["Mute posts, stories or both; DELETE the mute to unmute."],
                ["stories"] = ["Mute posts, stories or both; DELETE the mute to unmute."],
            });

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) is not { } other) return Problems.NotFound("user");
        if (other == caller.UserId) return SocialTargets.Self("mute");
        // The notes mute is its own route's (NoteMutesApi): this one leaves it as it is, and the event tells it.
        var notes = await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(MutesSql.Upsert,
            new { me = caller.UserId, other, posts = state.Posts, stories = state.Stories, now = time.GetUtcNow() }, tx, cancellationToken: ct));
        if (notes is { } muteNotes)
            await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.MuteChanged, caller.UserId,
                new MutePayload(caller.UserId, other, state.Posts, state.Stories, muteNotes), ct);
        await tx.CommitAsync(ct);
        return Api.Ok(state);
    }

    public async Task<IResult> Unmute(HttpRequest request, string username, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // The caller's own mute is lifted whatever the muted account's state (deactivated, blocking the caller): hidden from
        // GET /users/me/muted, it still held once the account was back, and until 2026-12-07 its removal was a 404.
        if (await SocialTargets.FindForRemovalAsync(conn, tx, caller, username, "mutes", "muter_id", "muted_id", ct) is not { } other)
            return Problems.NotFound("user");
        if (other == caller.UserId) return SocialTargets.Self("unmute");
        var args = new { me = caller.UserId, other };
        // Posts and stories unmuted; a notes mute stays (it has its own DELETE), and keeps the row.
        if (await conn.QuerySingleOrDefaultAsync<MuteRow>(new CommandDefinition(MutesSql.Lock, args, tx, cancellationToken: ct)) is { } row
            && (row.MutePosts || row.MuteStories))
        {
            await conn.ExecuteAsync(new CommandDefinition(row.MuteNotes ? MutesSql.ClearPostsAndStories : MutesSql.Delete, args, tx, cancellationToken: ct));
            await Outbox.EnqueueAsync(conn, tx, time, SocialEvents.MuteChanged, caller.UserId,
                new MutePayload(caller.UserId, other, false, false, row.MuteNotes), ct);
        }
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await UserLists.PageAsync(conn, MutesSql.List, new { viewer = caller.UserId }, page, r => r.ToMuted(), ct));
    }
}

/// <summary>A pair's mute (<see cref="MutesSql.Lock"/>).</summary>
internal sealed class MuteRow
{
    public bool MutePosts { get; init; }
    public bool MuteStories { get; init; }
    public bool MuteNotes { get; init; }
}
