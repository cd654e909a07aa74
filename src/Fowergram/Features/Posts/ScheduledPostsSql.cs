using Fowergram.Features.Music;

namespace Fowergram.Features.Posts;

internal static class ScheduledPostsSql
{
    /// <summary>Schedulings of one account take turns, so two at once cannot both pass the count.</summary>
    public const string LockAccount = "SELECT pg_advisory_xact_lock(hashtext('scheduled_posts'), hashtext(@userId::text))";

    public const string CountPending = "SELECT count(*) FROM scheduled_posts WHERE user_id = @userId";

    public const string Insert = """
        INSERT INTO scheduled_posts (id, user_id, publish_at, request, created_at, updated_at)
        VALUES (@id, @userId, @publishAt, @request::jsonb, @now, @now)
        """;

    public const string InsertMedia = """
        INSERT INTO scheduled_post_media (scheduled_post_id, position, upload_id, width, height, duration_seconds)
        VALUES (@scheduledPostId, @position, @uploadId, @width, @height, @durationSeconds)
        """;

    /// <summary>The owner's scheduled posts, soonest first (scheduled_posts_user); @id narrows to one. music: the stored clip's view.</summary>
    public static readonly string Owned = $"""
        SELECT id, user_id, publish_at, request::text AS request, created_at, updated_at, failed_at, failure,
               {MusicClips.JsonOf("(request->>'musicTrackId')::uuid", "(request->>'musicStartSeconds')::integer")} AS music
        FROM scheduled_posts
        WHERE user_id = @userId AND (@id::uuid IS NULL OR id = @id)
        ORDER BY publish_at, id
        """;

    /// <summary>The claimed uploads of the given scheduled posts, in order, with what the claims measured.</summary>
    public const string Media = """
        SELECT m.scheduled_post_id, m.upload_id, u.blob_name AS object_name, u.content_type, u.actual_size AS size,
               m.width, m.height, m.duration_seconds
        FROM scheduled_post_media m JOIN uploads u ON u.id = m.upload_id
        WHERE m.scheduled_post_id = ANY(@ids)
        ORDER BY m.scheduled_post_id, m.position
        """;

    /// <summary>One of the owner's scheduled posts, locked until the transaction ends (edit, cancel, publish).</summary>
    public const string LockOwned = """
        SELECT id, user_id, publish_at, request::text AS request, created_at, updated_at, failed_at, failure FROM scheduled_posts
        WHERE id = @id AND user_id = @userId FOR UPDATE
        """;

    /// <summary>
    /// A due post for the job, locked; null when another run holds it, it is gone, or it was moved later meanwhile. Only
    /// accounts that may post now: a deactivated or suspended account's posts wait for it to be active again.
    /// </summary>
    public const string LockDue = """
        SELECT s.id, s.user_id, s.publish_at, s.request::text AS request, s.created_at, s.updated_at, s.failed_at, s.failure FROM scheduled_posts s
        WHERE s.id = @id AND s.publish_at <= @now
          AND EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id AND u.deleted_at IS NULL AND u.is_active)
        FOR UPDATE OF s SKIP LOCKED
        """;

    /// <summary>The due posts of accounts that may post, oldest time first (scheduled_posts_due).</summary>
    public const string Due = """
        SELECT s.id FROM scheduled_posts s
        WHERE s.publish_at <= @now
          AND EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id AND u.deleted_at IS NULL AND u.is_active)
        ORDER BY s.publish_at, s.id LIMIT @batch
        """;

    public const string Update = """
        UPDATE scheduled_posts SET publish_at = @publishAt, request = @request::jsonb, updated_at = @now, failed_at = NULL, failure = NULL
        WHERE id = @id
        """;

    /// <summary>Cancelling: the claimed uploads are released for media clean-up, then the post and its media rows go.</summary>
    public const string Cancel = """
        UPDATE uploads SET released_at = @now
        WHERE id IN (SELECT upload_id FROM scheduled_post_media WHERE scheduled_post_id = @id) AND released_at IS NULL;
        DELETE FROM scheduled_posts WHERE id = @id;
        """;

    /// <summary>
    /// The author is told the job published it (a system notice naming the post, so the inbox shows it while the post is
    /// there to see); publishing it oneself (POST …/publish) tells nobody.
    /// </summary>
    public const string SharedNotice = """
        INSERT INTO notifications (id, user_id, type, message, entity_type, entity_id, created_at)
        VALUES (@id, @userId, 'system', 'Your scheduled post was shared.', 'post', @postId, @now)
        """;

    /// <summary>The job could not publish it: its owner sees when and why until an edit or a later run succeeds.</summary>
    public const string Failed = "UPDATE scheduled_posts SET failed_at = @now, failure = left(@failure, 500) WHERE id = @id";

    /// <summary>Published: the uploads now belong to the post's media rows.</summary>
    public const string Published = "DELETE FROM scheduled_posts WHERE id = @id";
}

internal sealed class ScheduledPostRow
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public DateTimeOffset PublishAt { get; init; }
    public string Request { get; init; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FailedAt { get; init; }
    public string? Failure { get; init; }
    /// <summary>The clip's view as JSON (MusicClips.JsonOf), read by <see cref="ScheduledPostsSql.Owned"/> only.</summary>
    public string? Music { get; init; }
}

internal sealed class ScheduledMediaRow
{
    public Guid ScheduledPostId { get; init; }
    public Guid UploadId { get; init; }
    public string ObjectName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public long Size { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? DurationSeconds { get; init; }
}
