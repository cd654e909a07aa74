using Fowergram.Platform.Http;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Messages;

/// <summary>
/// broadcast_channel_messages, their votes and reactions (migration 0181). The caller's access to the channel is checked
/// first (<see cref="ChannelAccess"/>); here a reader sees the messages of live senders with no block between them.
/// </summary>
internal static class ChannelMessagesSql
{
    /// <summary>
    /// A pin of message m stands while no block lies between the channel's owner, who curates the pins, and its sender: the
    /// owner cannot see such a message, so nobody sees it pinned and it does not count towards the cap; its pin is kept, and
    /// comes back when the block is lifted. Asked only of pinned messages (a few per channel), so reads stay cheap.
    /// </summary>
    internal static readonly string PinStands =
        $"NOT {VisibilityPolicy.BlockedBetween("(SELECT pin_c.owner_id FROM broadcast_channels pin_c WHERE pin_c.id = m.channel_id)", "m.sender_id")}";

    internal static readonly string Select = $"""
        SELECT m.id, m.channel_id, m.sender_id, u.username AS sender_username, u.full_name AS sender_full_name,
               u.avatar AS sender_avatar, u.is_verified AS sender_is_verified, m.content, m.media_type, m.media_blob_name,
               up.content_type, m.poll_question, m.poll_options, m.created_at, m.edited_at, m.reply_to_id, m.is_reply,
               CASE WHEN m.pinned_at IS NOT NULL AND {PinStands} THEN m.pinned_at END AS pinned_at, m.removed_at
          FROM broadcast_channel_messages m JOIN users u ON u.id = m.sender_id AND u.deleted_at IS NULL AND u.is_active
          LEFT JOIN uploads up ON up.id = m.upload_id
        """;

    internal static readonly string Seen = $"m.channel_id = @channelId AND NOT {VisibilityPolicy.BlockedBetween("@viewer", "m.sender_id")}";

    public static readonly string Page = $"""
        {Select}
         WHERE {Seen} AND {KeysetSql.Older("m.created_at", "m.id")}
         ORDER BY m.created_at DESC, m.id DESC LIMIT @take
        """;

    /// <summary>One message of the channel; key-share locked in a transaction, so a delete waiting on it finds it gone after.</summary>
    public static readonly string One = $"{Select} WHERE m.id = @messageId AND {Seen}";

    public static readonly string LockOne = $"{One} FOR KEY SHARE OF m";

    /// <summary>
    /// Posts of one channel take turns (a transaction-scoped advisory lock of the channel, taken last, just before the insert
    /// and its time): the channel's row is only share-locked by a post, so two hosts' posts ran side by side, and one stamped
    /// first but committed last landed behind a member's read marker moved past the other (never unread, never pushed). Taken
    /// in turn, each post's time follows every post committed before it. Nothing else takes it, so it closes no cycle.
    /// </summary>
    public const string TakeTurn = "SELECT pg_advisory_xact_lock(hashtext('channel_posts'), hashtext(@channelId::text))";

    public const string Insert = """
        INSERT INTO broadcast_channel_messages (id, channel_id, sender_id, content, upload_id, media_type, media_blob_name,
                                                poll_question, poll_options, reply_to_id, is_reply, created_at)
        VALUES (@id, @channelId, @viewer, @text, @uploadId, @mediaType, @blobName, @question, @options, @replyToId, @replyToId IS NOT NULL, @now)
        """;

    /// <summary>
    /// The sender's own, or any message of the owner's channel (@isOwner); the upload is released with it, a tombstone's kept
    /// one too (its removed_channel_messages row goes with the message).
    /// </summary>
    public static readonly string Delete = $"""
        WITH gone AS (
            DELETE FROM broadcast_channel_messages
             WHERE id = @messageId AND channel_id = @channelId AND (sender_id = @viewer OR @isOwner)
            RETURNING id, upload_id),
        released AS ({RemovedChannelMessagesSql.ReleaseUploadsOf("gone")})
        SELECT count(*)::int FROM gone
        """;

    /// <summary>Each poll option's votes, of live accounts only.</summary>
    public const string Votes = """
        SELECT v.message_id, v.option_index, count(*)::int AS votes
          FROM broadcast_channel_votes v JOIN users u ON u.id = v.user_id AND u.deleted_at IS NULL AND u.is_active
         WHERE v.message_id = ANY(@ids)
         GROUP BY v.message_id, v.option_index
        """;

    public const string MyVotes = "SELECT message_id, option_index FROM broadcast_channel_votes WHERE message_id = ANY(@ids) AND user_id = @viewer";

    public const string Vote = """
        INSERT INTO broadcast_channel_votes (message_id, user_id, option_index, voted_at) VALUES (@messageId, @viewer, @option, @now)
        ON CONFLICT (message_id, user_id) DO UPDATE SET option_index = EXCLUDED.option_index, voted_at = EXCLUDED.voted_at
         WHERE broadcast_channel_votes.option_index <> EXCLUDED.option_index
        """;

    /// <summary>
    /// Reactions counted per emoji (most first), of live accounts, and whether one is the reader's: per message the first
    /// @shown emoji (<c>place</c>) and the reader's own wherever it ranks.
    /// </summary>
    public const string Reactions = """
        SELECT k.message_id, k.emoji, k.count, k.mine, k.place
          FROM (SELECT r.message_id, r.emoji, count(*)::int AS count, bool_or(r.user_id = @viewer) AS mine,
                       row_number() OVER (PARTITION BY r.message_id ORDER BY count(*) DESC, r.emoji) AS place
                  FROM broadcast_channel_reactions r JOIN users u ON u.id = r.user_id AND u.deleted_at IS NULL AND u.is_active
                 WHERE r.message_id = ANY(@ids)
                 GROUP BY r.message_id, r.emoji) k
         WHERE k.place <= @shown OR k.mine
         ORDER BY k.message_id, k.place
        """;

    public const string React = """
        INSERT INTO broadcast_channel_reactions (message_id, user_id, emoji, created_at) VALUES (@messageId, @viewer, @emoji, @now)
        ON CONFLICT (message_id, user_id) DO UPDATE SET emoji = EXCLUDED.emoji, created_at = EXCLUDED.created_at
         WHERE broadcast_channel_reactions.emoji <> EXCLUDED.emoji
        """;

    /// <summary>
    /// The caller's reaction to a message of @channelId, taken back; answers whether the message is one of the channel's (no:
    /// 404). Scoped by the channel, so no other channel's route reaches it (a removed member's reaction stays where it was cast).
    /// </summary>
    public const string Unreact = """
        WITH gone AS (
            DELETE FROM broadcast_channel_reactions r USING broadcast_channel_messages m
             WHERE m.id = @messageId AND m.channel_id = @channelId AND r.message_id = m.id AND r.user_id = @viewer)
        SELECT EXISTS (SELECT 1 FROM broadcast_channel_messages WHERE id = @messageId AND channel_id = @channelId)
        """;
}

/// <summary>A row of <see cref="ChannelMessagesSql"/>.</summary>
internal sealed class ChannelMessageRow
{
    public Guid Id { get; init; }
    public Guid ChannelId { get; init; }
    public Guid SenderId { get; init; }
    public string SenderUsername { get; init; } = "";
    public string SenderFullName { get; init; } = "";
    public string? SenderAvatar { get; init; }
    public bool SenderIsVerified { get; init; }
    public string? Content { get; init; }
    public string? MediaType { get; init; }
    public string? MediaBlobName { get; init; }
    public string? ContentType { get; init; }
    public string? PollQuestion { get; init; }
    public string[]? PollOptions { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EditedAt { get; init; }
    public Guid? ReplyToId { get; init; }
    /// <summary>It quoted a message: with <see cref="ReplyToId"/> null, that message was deleted since.</summary>
    public bool IsReply { get; init; }
    public DateTimeOffset? PinnedAt { get; init; }
    /// <summary>When a moderator took it down (a tombstone); null while it stands.</summary>
    public DateTimeOffset? RemovedAt { get; init; }
}
