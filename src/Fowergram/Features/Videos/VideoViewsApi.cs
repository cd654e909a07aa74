using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// POST /videos/{id}/views: the caller watched the video. A view counts once per viewer and video, whatever the client
/// sends: one statement inserts the caller's igtv_views row (migration 0071) and raises igtv_video.viewed only when the
/// row is new — twenty concurrent copies insert one row (the others meet the primary key) and raise one event.
/// igtv-counters adds the events up. The owner's own views are not counted, as on Instagram. Every view of someone else's
/// video, the first or a later one, marks the owner's account-wide reach (<see cref="AccountReach"/>, at most one write a day).
/// </summary>
public sealed class VideoViewsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private static readonly string ViewSql = $"""
        WITH target AS (
            SELECT v.id, v.user_id FROM igtv_videos v
            WHERE v.id = @videoId AND {VideoAccess.VisibleTo}
              AND EXISTS (SELECT 1 FROM users me WHERE me.id = @viewer AND me.deleted_at IS NULL AND me.is_active)
        ), changed AS (
            INSERT INTO igtv_views (video_id, user_id, viewed_at)
            SELECT t.id, @viewer, @now FROM target t WHERE t.user_id <> @viewer
            ON CONFLICT (video_id, user_id) DO NOTHING
            RETURNING video_id
        ), {AccountReach.Upsert("SELECT user_id AS owner_id FROM target")}, {Outbox.EventCte("FROM target t WHERE EXISTS (SELECT 1 FROM changed)",
            $"jsonb_build_object('{Outbox.JsonName(nameof(VideoEvent.AuthorId))}', t.user_id)")}
        SELECT t.id, {Outbox.NotifyColumn} FROM target t
        """;

    public async Task<IResult> View(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(id, out var videoId)) return Problems.NotFound("video");
        var parameters = new DynamicParameters(new { videoId, viewer = caller.UserId, now = Timestamps.Now(time) });
        // The owner is filled in by the statement: the bound payload carries an empty one.
        Outbox.Parameters(parameters, time, VideoEvents.Viewed, caller.UserId, VideoEvent.Of(videoId, Guid.Empty));
        await using var conn = await db.OpenConnectionAsync(ct);
        var found = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(ViewSql, parameters, cancellationToken: ct));
        return found is null ? Problems.NotFound("video") : Api.NoContent();
    }
}
