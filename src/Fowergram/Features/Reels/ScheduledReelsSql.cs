using Fowergram.Platform.Content;

namespace Fowergram.Features.Reels;

/// <summary>
/// Statements of scheduled reels (migration 0172), the twins of ScheduledPostsSql; what they share with the other scheduled
/// content is <see cref="ScheduledContentSql"/>'s.
/// </summary>
internal static class ScheduledReelsSql
{
    private const string Table = "scheduled_reels";

    /// <summary>A lock apart from posts': 50 reels may wait beside 50 posts.</summary>
    public static readonly string LockAccount = ScheduledContentSql.LockAccount(Table);

    public static readonly string CountPending = ScheduledContentSql.CountPending(Table);

    public const string Insert = """
        INSERT INTO scheduled_reels (id, user_id, publish_at, request, upload_id, object_name, width, height, duration_seconds, created_at, updated_at)
        VALUES (@id, @userId, @publishAt, @request::jsonb, @uploadId, @objectName, @width, @height, @durationSeconds, @now, @now)
        """;

    private const string Columns = """
        s.id, s.user_id, s.publish_at, s.request::text AS request, s.upload_id, s.object_name, u.content_type, s.width, s.height,
        s.duration_seconds, s.created_at, s.updated_at, s.failed_at, s.failure
        """;

    private const string Select = $"SELECT {Columns} FROM scheduled_reels s JOIN uploads u ON u.id = s.upload_id";

    /// <summary>The owner's scheduled reels, soonest first (scheduled_reels_user); @id narrows to one.</summary>
    public const string Owned = $"""
        {Select}
        WHERE s.user_id = @userId AND (@id::uuid IS NULL OR s.id = @id)
        ORDER BY s.publish_at, s.id
        """;

    public static readonly string LockOwned = ScheduledContentSql.LockOwned(Select);

    public static readonly string LockDue = ScheduledContentSql.LockDue(Select, "user_id");

    /// <summary>The due reels (scheduled_reels_due).</summary>
    public static readonly string Due = ScheduledContentSql.Due(Table, "user_id");

    public static readonly string Update = ScheduledContentSql.Update(Table);

    /// <summary>Cancelling: the claimed video is released for media clean-up, then the row goes.</summary>
    public static readonly string Cancel = ScheduledContentSql.CancelWithUpload(Table);

    public static readonly string SharedNotice = ScheduledContentSql.SharedNotice("reel");

    public static readonly string Failed = ScheduledContentSql.Failed(Table);

    /// <summary>Published: the upload now belongs to the reel.</summary>
    public static readonly string Published = ScheduledContentSql.Published(Table);
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
