using Dapper;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// Keeps igtv_stats.view_count, like_count, comment_count and share_count, and igtv_comments.like_count, exact. Each igtv_video.viewed is a viewer's first view (the
/// request raised it only when it inserted the igtv_views row), ConsumerRunner applies each event once, so adding them up
/// is exact; a run of one video's views in a batch is one addition — a popular premiere is one statement per batch, not
/// per viewer. Likes and comments are recounted from igtv_likes and igtv_comments, and a comment's likes from
/// igtv_comment_likes, as reel-counters does: right whatever order, duplicates or pairs the events come in.
/// </summary>
public sealed class VideoCountersConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "igtv-counters";

    /// <summary>Views only ever add up, so a run adds its size (the runner has already dropped duplicates and processed events).</summary>
    private const string AddViews = """
        INSERT INTO igtv_stats (video_id, view_count, updated_at)
        SELECT v.id, @views, @now FROM igtv_videos v WHERE v.id = @videoId
        ON CONFLICT (video_id) DO UPDATE
        SET view_count = igtv_stats.view_count + EXCLUDED.view_count, updated_at = EXCLUDED.updated_at
        """;

    /// <summary>
    /// A transaction-level advisory lock on the video (a row lock would not cover a missing stats row), then a count in a
    /// new statement, whose snapshot includes every recount that finished before the lock was granted: the last event
    /// handled leaves the true count.
    /// </summary>
    private const string LockVideo = "SELECT pg_advisory_xact_lock(hashtext('igtv_stats'), hashtext(@videoId::text))";

    /// <summary>Likes (igtv_likes_video) and live comments (igtv_comments_thread) of a video that still exists.</summary>
    private const string RecountEngagement = """
        INSERT INTO igtv_stats (video_id, like_count, comment_count, updated_at)
        SELECT v.id, (SELECT count(*) FROM igtv_likes l WHERE l.video_id = v.id),
               (SELECT count(*) FROM igtv_comments c WHERE c.video_id = v.id AND c.deleted_at IS NULL AND c.held_at IS NULL), @now
        FROM igtv_videos v WHERE v.id = @videoId
        ON CONFLICT (video_id) DO UPDATE
        SET like_count = EXCLUDED.like_count, comment_count = EXCLUDED.comment_count, updated_at = EXCLUDED.updated_at
        """;

    /// <summary>Messages that carry the video (messages_shared_video, migration 0083): sent and not unsent.</summary>
    private const string RecountShares = """
        INSERT INTO igtv_stats (video_id, share_count, updated_at)
        SELECT v.id, (SELECT count(*) FROM messages m WHERE m.shared_video_id = v.id), @now
        FROM igtv_videos v WHERE v.id = @videoId
        ON CONFLICT (video_id) DO UPDATE SET share_count = EXCLUDED.share_count, updated_at = EXCLUDED.updated_at
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) =>
        eventType is VideoEvents.Viewed or VideoEvents.Liked or VideoEvents.Unliked or VideoEvents.CommentCreated or VideoEvents.CommentDeleted
            or VideoEvents.CommentRestored            or VideoEvents.CommentLiked or VideoEvents.CommentUnliked or VideoEvents.Shared or VideoEvents.Unshared;

    /// <summary>
    /// Neither an addition nor a recount reads a marker, so a video's views form a run, its likes and comments another, and
    /// each comment's likes one of their own.
    /// </summary>
    public string? RunKey(EventEnvelope envelope) => envelope.Type switch
    {
        VideoEvents.Viewed => $"views {VideoIdOf(envelope)}",
        VideoEvents.CommentLiked or VideoEvents.CommentUnliked => $"comment likes {CommentIdOf(envelope)}",
        VideoEvents.Shared or VideoEvents.Unshared => $"shares {VideoIdOf(envelope)}",
        _ => $"engagement {VideoIdOf(envelope)}",
    };

    public Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        HandleRunAsync([envelope], connection, transaction, ct);

    public async Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var videoId = VideoIdOf(run[0]);
        var now = time.GetUtcNow();
        if (run[0].Type == VideoEvents.Viewed)
        {
            await Run(AddViews, new { videoId, views = (long)run.Count, now });
            return;
        }
        if (run[0].Type is VideoEvents.CommentLiked or VideoEvents.CommentUnliked)
        {
            var commentId = CommentIdOf(run[0]);
            await Run(VideoCommentsApi.Thread.LockLikeCount, new { commentId });
            await Run(VideoCommentsApi.Thread.RecountLikes, new { commentId });
            return;
        }
        await Run(LockVideo, new { videoId });
        await Run(run[0].Type is VideoEvents.Shared or VideoEvents.Unshared ? RecountShares : RecountEngagement, new { videoId, now });

        Task Run(string sql, object args) => connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: ct));
    }

    private static Guid VideoIdOf(EventEnvelope envelope) => envelope.Payload.GetProperty("videoId").GetGuid();

    private static Guid CommentIdOf(EventEnvelope envelope) => envelope.Payload.GetProperty("commentId").GetGuid();
}
