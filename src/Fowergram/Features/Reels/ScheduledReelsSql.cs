namespace Fowergram.Features.Reels;

/// <summary>Statements of scheduled reels (migration 0172), the twins of ScheduledPostsSql.</summary>
internal static class ScheduledReelsSql
{
    /// <summary>Schedulings of one account take turns, so two at once cannot both pass the count (a lock apart from posts').</summary>
    public const string LockAccount = "SELECT pg_advisory_xact_lock(hashtext('scheduled_reels'), hashtext(@userId::text))";

    public const string CountPending = "SELECT count(*) FROM scheduled_reels WHERE user_id = @userId";

    public const string Insert = """
        INSERT INTO scheduled_reels (id, user_id, publish_at, request, upload_id, object_name, width, height, duration_seconds, created_at, updated_at)
        VALUES (@id, @userId, @publishAt, @request::jsonb, @uploadId, @objectName, @width, @height, @durationSeconds, @now, @now)
        """;

    private const string Columns = """
        s.id, s.user_id, s.publish_at, s.request::text AS request, s.upload_id, s.object_name, u.content_type, s.width, s.height,
        s.duration_seconds, s.created_at, s.updated_at, s.failed_at, s.failure
        """;

    /// <summary>The owner's scheduled reels, soonest first (scheduled_reels_user); @id narrows to one.</summary>
    public const string Owned = $"""
        SELECT {Columns} FROM scheduled_reels s JOIN uploads u ON u.id = s.upload_id
        WHERE s.user_id = @userId AND (@id::uuid IS NULL OR s.id = @id)
        ORDER BY s.publish_at, s.id
        """;

    /// <summary>One of the owner's scheduled reels, locked until the transaction ends (edit, cancel, publish).</summary>
    public const string LockOwned = $"""
        SELECT {Columns} FROM scheduled_reels s JOIN uploads u ON u.id = s.upload_id
        WHERE s.id = @id AND s.user_id = @userId FOR UPDATE OF s
        """;

    /// <summary>
    /// A due reel for the job, locked; null when another run holds it, it is gone, or it was moved later meanwhile. Only
    /// accounts that may post now: a deactivated or suspended account's reels wait for it to be active again.
    /// </summary>
    public const string LockDue = $"""
        SELECT {Columns} FROM scheduled_reels s JOIN uploads u ON u.id = s.upload_id
        WHERE s.id = @id AND s.publish_at <= @now
          AND EXISTS (SELECT 1 FROM users a WHERE a.id = s.user_id AND a.deleted_at IS NULL AND a.is_active)
        FOR UPDATE OF s SKIP LOCKED
        """;

    /// <summary>The due reels of accounts that may post, oldest time first (scheduled_reels_due).</summary>
    public const string Due = """
        SELECT s.id FROM scheduled_reels s
        WHERE s.publish_at <= @now
          AND EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id AND u.deleted_at IS NULL AND u.is_active)
        ORDER BY s.publish_at, s.id LIMIT @batch
        """;

    public const string Update = """
        UPDATE scheduled_reels SET publish_at = @publishAt, request = @request::jsonb, updated_at = @now, failed_at = NULL, failure = NULL
        WHERE id = @id
        """;

    /// <summary>Cancelling: the claimed video is released for media clean-up, then the row goes.</summary>
    public const string Cancel = """
        UPDATE uploads SET released_at = @now
        WHERE id = (SELECT upload_id FROM scheduled_reels WHERE id = @id) AND released_at IS NULL;
        DELETE FROM scheduled_reels WHERE id = @id;
        """;

    /// <summary>
    /// The author is told the job published it (a system notice naming the reel, so the inbox shows it while the reel is
    /// there to see); publishing it oneself (POST …/publish) tells nobody.
    /// </summary>
    public const string SharedNotice = """
        INSERT INTO notifications (id, user_id, type, message, entity_type, entity_id, created_at)
        VALUES (@id, @userId, 'system', 'Your scheduled reel was shared.', 'reel', @reelId, @now)
        """;

    /// <summary>The job could not publish it: its owner sees when and why until an edit or a later run succeeds.</summary>
    public const string Failed = "UPDATE scheduled_reels SET failed_at = @now, failure = left(@failure, 500) WHERE id = @id";

    /// <summary>Published: the upload now belongs to the reel.</summary>
    public const string Published = "DELETE FROM scheduled_reels WHERE id = @id";
}

internal sealed class ScheduledReelRow
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public DateTimeOffset PublishAt { get; init; }
    public string Request { get; init; } = "{}";
    public Guid UploadId { get; init; }
    public string ObjectName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public int Width { get; init; }
    public int Height { get; init; }
    public int DurationSeconds { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FailedAt { get; init; }
    public string? Failure { get; init; }
}
