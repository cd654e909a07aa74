using Fowergram.Features.Music;
using Fowergram.Platform.Content;

namespace Fowergram.Features.Posts;

/// <summary>Statements of scheduled posts; what they share with the other scheduled content is <see cref="ScheduledContentSql"/>'s.</summary>
internal static class ScheduledPostsSql
{
    private const string Table = "scheduled_posts";

    private const string Select = """
        SELECT s.id, s.user_id, s.publish_at, s.request::text AS request, s.created_at, s.updated_at, s.failed_at, s.failure FROM scheduled_posts s
        """;

    public static readonly string LockAccount = ScheduledContentSql.LockAccount(Table);

    public static readonly string CountPending = ScheduledContentSql.CountPending(Table);

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

    public static readonly string LockOwned = ScheduledContentSql.LockOwned(Select);

    public static readonly string LockDue = ScheduledContentSql.LockDue(Select, "user_id");

    /// <summary>The due posts (scheduled_posts_due).</summary>
    public static readonly string Due = ScheduledContentSql.Due(Table, "user_id");

    public static readonly string Update = ScheduledContentSql.Update(Table);

    /// <summary>Cancelling: the claimed uploads are released for media clean-up, then the post and its media rows go.</summary>
    public const string Cancel = """
        UPDATE uploads SET released_at = @now
        WHERE id IN (SELECT upload_id FROM scheduled_post_media WHERE scheduled_post_id = @id) AND released_at IS NULL;
        DELETE FROM scheduled_posts WHERE id = @id;
        """;

    public static readonly string SharedNotice = ScheduledContentSql.SharedNotice("post");

    public static readonly string Failed = ScheduledContentSql.Failed(Table);

    /// <summary>Published: the uploads now belong to the post's media rows.</summary>
    public static readonly string Published = ScheduledContentSql.Published(Table);
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
