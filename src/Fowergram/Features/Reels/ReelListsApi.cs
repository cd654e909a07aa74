using Dapper;
using Fowergram.Features.Hashtags;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// A profile's reels tab and reel reposts tab, the reels of followed accounts, trending reels, the reels using a sound and a hashtag's reels;
/// guests see what a guest may see (and have no following tab).
/// </summary>
public sealed class ReelListsApi(NpgsqlDataSource db, AccessTokens tokens, ReelReader reader, TimeProvider time)
{
    /// <summary>Reels of this age or younger can trend.</summary>
    public static readonly TimeSpan TrendingWindow = TimeSpan.FromDays(7);

    /// <summary>
    /// At most this many of the window's newest visible reels are ranked, so a trending request costs the same however
    /// many reels were made in the window (as place search caps its scan, docs/posts.md "Places").
    /// </summary>
    public const int TrendingScan = 2000;

    /// <summary>GET /users/{username}/reels: newest first, when the caller may see the account's content ("me" is the caller).</summary>
    public Task<IResult> UserReels(HttpRequest request, string username, CancellationToken ct) =>
        ProfileListAsync(request, username, ReelReadSql.Tab, ct);

    /// <summary>
    /// GET /users/{username}/reposts/reels: the reels an account reposted, newest repost first (docs/reels.md "Reposts"), under
    /// the reels tab's rules; each reel also only if the caller may see it and its author still allows reposts.
    /// </summary>
    public Task<IResult> Reposts(HttpRequest request, string username, CancellationToken ct) =>
        ProfileListAsync(request, username, ReelRepostsSql.Tab, ct);

    /// <summary>A keyset page of <paramref name="listSql"/> (binding @ownerId and @viewer) for an account whose content the caller may see.</summary>
    private async Task<IResult> ProfileListAsync(HttpRequest request, string username, string listSql, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await ProfileListOwner.FindAsync(conn, username, viewer, ct) is not { } ownerId) return await ProfileListOwner.NotFoundAsync(conn, username, viewer, ct);
        return Api.Ok(await reader.PageAsync(conn, viewer, listSql, page, new { ownerId, viewer }, ct));
    }

    /// <summary>
    /// GET /reels/following: reels of the accounts the caller follows and reels they reposted, newest first (keyset pages); a
    /// reel placed by a repost names its reposter (repostedBy), each reel once (<see cref="ReelFollowingSql"/>).
    /// </summary>
    public async Task<IResult> Following(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // the caller's own data: not a gone account's
        var positions = await KeysetQuery.PageAsync<FollowingReelPosition>(conn, ReelFollowingSql.Page, page, new { viewer = caller.UserId },
            p => new Cursor(p.CreatedAt, p.Id), ct);
        var reposters = positions.Items.ToDictionary(p => p.Id, p => p.RepostedBy);
        var views = await reader.LoadAsync(conn, caller.UserId, positions.Items.Select(p => p.Id).ToList(), ct);
        return Api.Ok(new Page<ReelView>(views.Select(v => v with { RepostedBy = reposters[v.Id] }).ToList(), positions.NextCursor));
    }

    /// <summary>GET /reels/trending?limit=: the window's most engaging reels the caller may see (limit 1–50, default 20).</summary>
    public async Task<IResult> Trending(HttpRequest request, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var invalid)) return invalid!;
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        var ids = (await conn.QueryAsync<Guid>(new CommandDefinition(ReelReadSql.Trending,
            new { viewer = caller?.UserId, since = now - TrendingWindow, now, scan = TrendingScan, limit }, cancellationToken: ct))).ToList();
        if (await GoneCaller.EmptyAsync(conn, caller?.UserId, ids.Count == 0, ct) is { } gone) return gone;
        return Api.Ok(new TrendingReels(await reader.LoadAsync(conn, caller?.UserId, ids, ct)));
    }

    /// <summary>GET /hashtags/{name}/reels: a page of the hashtag's reels the caller may see, newest first (a '#' may lead the name).</summary>
    public async Task<IResult> HashtagReels(HttpRequest request, string name, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (CaptionText.NormalizeHashtag(name) is not { } tag) return Problems.NotFound("hashtag");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        // A tag the caller may see no use of answers as an unknown one, as its page does (HashtagsSql.Find).
        var hashtagId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(HashtagsSql.VisibleIdOf,
            new { name = tag, viewer = caller?.UserId }, cancellationToken: ct));
        if (hashtagId is null) return await GoneCaller.NotFoundAsync(conn, caller?.UserId, "hashtag", ct);
        var ids = await WalkedPage.ReadAsync(conn, ReelHashtags.Page, page, new { hashtagId, viewer = caller?.UserId }, HashtagsSql.UseProbe, ct);
        return Api.Ok(new Page<ReelView>(await reader.LoadAsync(conn, caller?.UserId, ids.Items, ct), ids.NextCursor));
    }

    /// <summary>GET /audio/{id}/reels: the sound and a page of the reels using it that the caller may see, newest first.</summary>
    public async Task<IResult> AudioReels(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!Guid.TryParse(id, out var audioTrackId)) return Problems.NotFound("audio track");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var track = await conn.QuerySingleOrDefaultAsync<AudioTrackRow>(new CommandDefinition(ReelReadSql.AudioTrack,
            new { audioTrackId, viewer = caller?.UserId }, cancellationToken: ct));
        if (track is null) return await GoneCaller.NotFoundAsync(conn, caller?.UserId, "audio track", ct);
        var reels = await reader.PageAsync(conn, caller?.UserId, ReelReadSql.ByAudio, page, new { audioTrackId, viewer = caller?.UserId }, ct);
        return Api.Ok(new AudioReels(new AudioTrackSummary(track.Id, track.Title, track.Artist, track.DurationSeconds), track.ReelCount, reels));
    }
}
