using Fowergram.Platform.Content;

namespace Fowergram.Features.Messages;

/// <summary>
/// Statements of broadcast_channel_scheduled_messages (migration 0191), the twins of ScheduledReelsSql; what they share with
/// the other scheduled content is <see cref="ScheduledContentSql"/>'s.
/// </summary>
internal static class ScheduledChannelMessagesSql
{
    private const string Table = "broadcast_channel_scheduled_messages";

    public const string CountPending = "SELECT count(*) FROM broadcast_channel_scheduled_messages WHERE channel_id = @channelId";

    public const string Insert = """
        INSERT INTO broadcast_channel_scheduled_messages (id, channel_id, sender_id, publish_at, content, upload_id, media_type, media_blob_name,
                                                          poll_question, poll_options, created_at)
        VALUES (@id, @channelId, @viewer, @publishAt, @text, @uploadId, @mediaType, @blobName, @question, @options, @now)
        """;

    private const string Select = """
        SELECT s.id, s.channel_id, s.sender_id, s.publish_at, s.content, s.upload_id, s.media_type, s.media_blob_name, u.content_type,
               s.poll_question, s.poll_options, s.created_at, s.failed_at, s.failure
          FROM broadcast_channel_scheduled_messages s LEFT JOIN uploads u ON u.id = s.upload_id
        """;

    /// <summary>
    /// The channel's scheduled messages the caller may see, soonest first (…_channel): the owner (@isOwner) all of them, a
    /// co-host their own; @id narrows to one.
    /// </summary>
    public const string Visible = $"""
        {Select}
         WHERE s.channel_id = @channelId AND (@isOwner OR s.sender_id = @viewer) AND (@id::uuid IS NULL OR s.id = @id)
         ORDER BY s.publish_at, s.id
        """;

    /// <summary>One of them, locked until the transaction ends (cancel, publish now).</summary>
    public const string LockVisible = $"""
        {Select}
         WHERE s.id = @id AND s.channel_id = @channelId AND (@isOwner OR s.sender_id = @viewer)
           FOR UPDATE OF s
        """;

    /// <summary>A due message for the job, locked: as scheduled posts wait for their account, a message waits for its sender.</summary>
    public static readonly string LockDue = ScheduledContentSql.LockDue(Select, "sender_id");

    /// <summary>The due messages (…_due).</summary>
    public static readonly string Due = ScheduledContentSql.Due(Table, "sender_id");

    /// <summary>Cancelled or dropped: the claimed upload is released for media clean-up, then the row goes.</summary>
    public static readonly string Cancel = ScheduledContentSql.CancelWithUpload(Table);

    /// <summary>
    /// An ended channel's scheduled messages go with their uploads released (the end holds the channel's row), each sender but
    /// the one ending it (@viewer, the owner) told with @notice, as the job tells a sender whose message it drops. Until
    /// 2026-12-07 a co-host's waiting message went unsaid.
    /// </summary>
    public const string DropOfChannel = """
        WITH gone AS (DELETE FROM broadcast_channel_scheduled_messages WHERE channel_id = @channelId RETURNING upload_id, sender_id),
        released AS (UPDATE uploads SET released_at = @now WHERE id IN (SELECT upload_id FROM gone) AND released_at IS NULL)
        INSERT INTO notifications (id, user_id, type, message, created_at)
        SELECT gen_random_uuid(), sender_id, 'system', @notice, @now FROM gone WHERE sender_id <> @viewer
        """;

    /// <summary>An edit (the caller holds the row): its text and time; the upload and poll stay as scheduled.</summary>
    public const string Edit = "UPDATE broadcast_channel_scheduled_messages SET content = @text, publish_at = @publishAt WHERE id = @id";

    /// <summary>Published: the upload now belongs to the message.</summary>
    public static readonly string Published = ScheduledContentSql.Published(Table);

    /// <summary>
    /// The job could not post it: its sender sees when and why until a later run succeeds. An edit does not clear it (the
    /// reason is always ours, not the message's), so no version is compared.
    /// </summary>
    public const string Failed = "UPDATE broadcast_channel_scheduled_messages SET failed_at = @now, failure = left(@failure, 500) WHERE id = @id";

    /// <summary>The sender is told what the job did: posted (naming nothing, as the message is the channel's) or dropped, and why.</summary>
    public const string Notice = """
        INSERT INTO notifications (id, user_id, type, message, created_at) VALUES (@id, @userId, 'system', @message, @now)
        """;
}

/// <summary>A row of <see cref="ScheduledChannelMessagesSql"/>.</summary>
internal sealed class ScheduledChannelMessageRow
{
    public Guid Id { get; init; }
    public Guid ChannelId { get; init; }
    public Guid SenderId { get; init; }
    public DateTimeOffset PublishAt { get; init; }
    public string? Content { get; init; }
    public Guid? UploadId { get; init; }
    public string? MediaType { get; init; }
    public string? MediaBlobName { get; init; }
    public string? ContentType { get; init; }
    public string? PollQuestion { get; init; }
    public string[]? PollOptions { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FailedAt { get; init; }
    public string? Failure { get; init; }
}
