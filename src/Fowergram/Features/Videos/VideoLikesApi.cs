using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// PUT/DELETE /videos/{id}/like and GET /videos/{id}/likers (igtv_likes, migration 0079), as reels' likes: the request
/// only inserts or deletes the like row and raises an event when a row really changed, in one statement; igtv-counters
/// recounts. So any number of concurrent requests of one account end in one row and one event, and N accounts in N rows.
/// 404 when the video is not visible to the caller (drafts of others, blocks, private accounts).
/// </summary>
public sealed class VideoLikesApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>The visible video, only for a live caller (a token can outlive its account).</summary>
    private static readonly string Target = $"""
        WITH target AS (
            SELECT v.id, v.user_id FROM igtv_videos v
            WHERE v.id = @videoId AND {VideoAccess.VisibleTo}
              AND EXISTS (SELECT 1 FROM users me WHERE me.id = @viewer AND me.deleted_at IS NULL AND me.is_active)
        )
        """;

    /// <summary>The video's author fills in the event: the bound payload carries an empty one.</summary>
    private static readonly string Event = Outbox.EventCte("FROM target t WHERE EXISTS (SELECT 1 FROM changed)",
        $"jsonb_build_object('{Outbox.JsonName(nameof(VideoLikeEvent.AuthorId))}', t.user_id)");

    private static readonly string LikeSql = Target + $"""
        , changed AS (
            INSERT INTO igtv_likes (user_id, video_id, created_at) SELECT @viewer, t.id, @now FROM target t
            ON CONFLICT (user_id, video_id) DO NOTHING RETURNING video_id
        ), {Event}
        SELECT t.user_id AS author_id, {Outbox.NotifyColumn} FROM target t
        """;

    private static readonly string UnlikeSql = Target + $"""
        , changed AS (
            DELETE FROM igtv_likes l USING target t WHERE l.video_id = t.id AND l.user_id = @viewer RETURNING l.video_id
        ), {Event}
        SELECT t.user_id AS author_id, {Outbox.NotifyColumn} FROM target t
        """;

    public Task<IResult> Like(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, LikeSql, VideoEvents.Liked, ct);

    public Task<IResult> Unlike(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, UnlikeSql, VideoEvents.Unliked, ct);

    /// <summary>Who liked a video the caller may see, newest first (likers blocked either way, gone or deactivated are left out).</summary>
    public async Task<IResult> Likers(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!VideoAccess.TryParseId(id, out var videoId)) return Problems.NotFound("video");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(VideoReadSql.CanSee, new { videoId, viewer }, cancellationToken: ct)) is null)
            return Problems.NotFound("video");
        var likers = await KeysetQuery.PageAsync<LikerRow>(conn, VideoReadSql.Likers, page, new { videoId, viewer },
            r => new Cursor(r.LikedAt, r.Id), ct);
        return Api.Ok(likers.Map(r => new UserSummary(r.Id, r.Username, r.FullName, r.Avatar, r.IsVerified)));
    }

    private async Task<IResult> ChangeAsync(HttpRequest request, string id, string sql, string eventType, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(id, out var videoId)) return Problems.NotFound("video");
        var parameters = new DynamicParameters(new { videoId, viewer = caller.UserId, now = Timestamps.Now(time) });
        Outbox.Parameters(parameters, time, eventType, caller.UserId, VideoLikeEvent.Of(videoId, caller.UserId));
        await using var conn = await db.OpenConnectionAsync(ct);
        var found = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return found is null ? Problems.NotFound("video") : Api.NoContent();
    }
}
