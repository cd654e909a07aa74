using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Messages;

/// <summary>Messages. A participant sees the messages sent from their joining on (@joinedAt).</summary>
internal static class MessagesSql
{
    /// <summary>
    /// A sender is joined only while its account is live (<see cref="LiveSender"/>): a deleted or suspended sender's messages
    /// stay, with no sender (its columns null), as every other read shows a gone account — not at all.
    /// </summary>
    private static readonly string Select = $"""
        SELECT m.id, m.conversation_id, m.sender_id, u.id AS shown_sender_id, u.username AS sender_username, u.full_name AS sender_full_name,
               u.avatar AS sender_avatar, u.is_verified AS sender_is_verified, m.message_type, m.content,
               m.media_blob_name, up.content_type, m.shared_post_id, m.shared_story_id,
               m.shared_reel_id, m.shared_video_id, m.reply_to_message_id, m.quoted_note, m.vanishes, m.is_automatic, m.is_edited, m.created_at
          FROM messages m LEFT JOIN users u ON {LiveSender("m", "u")} LEFT JOIN uploads up ON up.id = m.upload_id
        """;

    /// <summary>
    /// The join of message <paramref name="m"/>'s sender as <paramref name="u"/> when its account is live: a deleted (in its
    /// grace period) or suspended sender is shown by no read of a message (docs/messages.md "Gone senders"), as the export
    /// writes its <c>from</c> as null. A primary-key probe that finds nothing for a gone account.
    /// </summary>
    internal static string LiveSender(string m, string u) => $"{u}.id = {m}.sender_id AND {u}.deleted_at IS NULL AND {u}.is_active";

    public static readonly string Page = $"""
        {Select}
         WHERE m.conversation_id = @conversationId AND m.created_at >= @joinedAt AND {KeysetSql.Older("m.created_at", "m.id")}
           AND {VanishingRule.Stays("m")}
         ORDER BY m.created_at DESC, m.id DESC LIMIT @take
        """;

    /// <summary>
    /// The page's messages whose text holds @contains (an escaped ILIKE pattern), newest first: the thread's own index range
    /// (messages_conversation), read until a page is full, so a search costs at most one pass over the thread.
    /// </summary>
    public static readonly string Search = $"""
        {Select}
         WHERE m.conversation_id = @conversationId AND m.created_at >= @joinedAt AND m.content ILIKE normalize(@contains, NFC) ESCAPE '\'
           AND {KeysetSql.Older("m.created_at", "m.id")}
           AND {VanishingRule.Stays("m")}
         ORDER BY m.created_at DESC, m.id DESC LIMIT @take
        """;

    /// <summary><see cref="Select"/> with when the reader joined the thread (<c>me</c>, their participant row, joined by the query).</summary>
    internal static readonly string SelectForReader = Select.Replace("m.is_edited, m.created_at", "m.is_edited, m.created_at, me.joined_at AS reader_joined_at");

    /// <summary>One message, if the caller is a current participant who can see it, with when the caller joined.</summary>
    public static readonly string One = $"""
        {SelectForReader}
          JOIN conversation_participants me
            ON me.conversation_id = m.conversation_id AND me.user_id = @viewer AND me.left_at IS NULL AND m.created_at >= me.joined_at
         WHERE m.id = @messageId AND {VanishingRule.Stays("m")}
        """;

    /// <summary>
    /// <see cref="One"/> of the caller's own message, the row locked until the edit holding it commits: a takedown or an unsend
    /// committing first is seen by the edit's checks (409, 404) instead of having the new text written over its tombstone (a
    /// CHECK failure: a 500). Someone else's message is not locked, only not found.
    /// </summary>
    public static readonly string LockOne = $"{One} AND m.sender_id = @viewer FOR NO KEY UPDATE OF m";

    /// <summary>
    /// The thread of the caller's own message, locked as every write of a thread that changes participant rows locks it, before
    /// <see cref="LockOne"/>. Someone else's message locks nothing (and is a 404 next).
    /// </summary>
    public const string LockThreadOf = """
        SELECT c.id FROM conversations c JOIN messages m ON m.conversation_id = c.id
         WHERE m.id = @messageId AND m.sender_id = @viewer
           FOR UPDATE OF c
        """;

    /// <summary>
    /// The reactions to a page's messages, counted per emoji (most first, then the emoji), and whether one of them is the
    /// reader's (message_reactions_pkey). Reactions of accounts that are gone or deactivated are not counted, nor, in a group,
    /// those of anyone who could no longer take them back (<see cref="ReactorStillIn"/>).
    /// </summary>
    public static readonly string Reactions = $"""
        SELECT r.message_id, r.emoji, count(*)::int AS count, bool_or(r.user_id = @viewer) AS mine
          FROM message_reactions r JOIN users u ON u.id = r.user_id AND u.deleted_at IS NULL AND u.is_active
          JOIN messages m ON m.id = r.message_id
         WHERE r.message_id = ANY(@ids) AND {ReactorStillIn("r", "m")}
         GROUP BY r.message_id, r.emoji
         ORDER BY r.message_id, count(*) DESC, r.emoji
        """;

    /// <summary>
    /// Reaction <paramref name="r"/> to message <paramref name="m"/> counts while its reactor could still take it back: in a
    /// group, a member now who joined by the message (someone who left or was removed, or came back after it, cannot see
    /// it); in a one-to-one always, since deleting the chat hides only one's own copy. One primary-key probe of
    /// conversations and, in groups, of conversation_participants per reaction.
    /// </summary>
    internal static string ReactorStillIn(string r, string m) => $"""
        (NOT (SELECT c.is_group FROM conversations c WHERE c.id = {m}.conversation_id)
             OR EXISTS (SELECT 1 FROM conversation_participants rp
                         WHERE rp.conversation_id = {m}.conversation_id AND rp.user_id = {r}.user_id
                           AND rp.left_at IS NULL AND rp.joined_at <= {m}.created_at))
        """;

    /// <summary>The quoted messages of a page, in what the reader can see; <c>sender_id</c> null when the sender is gone.</summary>
    public static readonly string Replied = $"""
        SELECT m.id, u.id AS sender_id, m.message_type, m.content FROM messages m LEFT JOIN users u ON {LiveSender("m", "u")}
         WHERE m.id = ANY(@ids) AND m.conversation_id = @conversationId AND m.created_at >= @joinedAt AND {VanishingRule.Stays("m")}
        """;

    /// <summary>
    /// The message a new one replies to, key-share locked until the reply commits: an unsend committing first leaves
    /// nothing to reply to (a 400), one coming second waits (unlocked, the reply's foreign key check failed: a 500).
    /// </summary>
    public static readonly string ReplyTarget = $"""
        SELECT m.id FROM messages m
         WHERE m.id = @id AND m.conversation_id = @conversationId AND m.created_at >= @joinedAt AND {VanishingRule.Stays("m")}
           FOR KEY SHARE
        """;

    public static readonly string VisiblePosts = $"SELECT p.id FROM posts p WHERE p.id = ANY(@ids) AND {PostAccess.VisibleTo}";

    /// <summary>
    /// A shared story (stories s) the reader (@viewer) may see at @now: their own until deleted, anyone else's while live and in
    /// its audience. The thread's cards and the export's ids (ConversationExport) both ask it.
    /// </summary>
    public static readonly string StoryVisible = $"""
        s.deleted_at IS NULL
           AND (s.user_id = @viewer
                OR (s.created_at <= @now AND s.expires_at > @now AND {VisibilityPolicy.StoryFilter("s.user_id", "s.audience")}))
        """;

    /// <summary>Shared stories the reader may see now (<see cref="StoryVisible"/>).</summary>
    public static readonly string VisibleStories = $"""
        SELECT s.id, s.user_id AS author_id, u.username, u.full_name, u.avatar, u.is_verified,
               s.blob_name, s.media_type, up.content_type, s.media_deleted_at, s.expires_at
          FROM stories s JOIN users u ON u.id = s.user_id LEFT JOIN uploads up ON up.id = s.upload_id
         WHERE s.id = ANY(@ids) AND {StoryVisible}
        """;

    /// <summary>Whether a one-to-one thread's other side can be written to: a live account, no block either way.</summary>
    public static readonly string DirectPeerReachable = $"""
        SELECT EXISTS (
            SELECT 1 FROM conversation_participants cp JOIN users u ON u.id = cp.user_id
             WHERE cp.conversation_id = @conversationId AND cp.user_id <> @viewer
               AND u.deleted_at IS NULL AND u.is_active AND NOT {VisibilityPolicy.BlockedBetween("@viewer", "u.id")})
        """;

    /// <summary>
    /// Whether the caller may still change what the others of a thread read: always in a group (a block does not close one),
    /// in a one-to-one while <see cref="DirectPeerReachable"/>.
    /// </summary>
    public static readonly string ThreadWritable = $"SELECT coalesce((SELECT c.is_group FROM conversations c WHERE c.id = @conversationId), false) OR ({DirectPeerReachable})";

    /// <summary>A one-to-one thread the other side deleted comes back to them with the next message, from that message on.</summary>
    public const string ReturnDirectPeer = """
        UPDATE conversation_participants cp
           SET left_at = NULL, joined_at = @now, is_archived = false, is_muted = false, pinned_at = NULL,
               read_through_at = NULL, read_through_id = NULL, read_at = NULL,
               status = CASE WHEN EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = cp.user_id AND f.following_id = @viewer)
                              AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.restricter_id = cp.user_id AND r.restricted_id = @viewer)
                             THEN 'accepted' ELSE 'request' END,
               request_hidden_at = NULL
         WHERE cp.conversation_id = @conversationId AND cp.user_id <> @viewer AND cp.left_at IS NOT NULL
        """;

    /// <summary>
    /// A message sent while the thread is in vanish mode vanishes (migration 0142). Every sender holds the thread's row lock
    /// (Membership.FindAsync lockThread), as the vanish-mode switch does, so the flag read here is the one in force.
    /// </summary>
    public const string Insert = """
        INSERT INTO messages (id, conversation_id, sender_id, message_type, content, upload_id, media_blob_name,
                              shared_post_id, shared_story_id, shared_reel_id, shared_video_id, reply_to_message_id, quoted_note, vanishes, created_at)
        VALUES (@id, @conversationId, @viewer, @type, @text, @uploadId, @blobName, @sharedPostId, @sharedStoryId, @sharedReelId, @sharedVideoId,
                @replyToId, @quotedNote,
                EXISTS (SELECT 1 FROM conversations c WHERE c.id = @conversationId AND c.vanish_mode_since IS NOT NULL), @now)
        """;

    /// <summary>
    /// After a send: the thread's activity time; the sender has read everything up to their own message, and
    /// answering a request accepts it.
    /// </summary>
    public const string AfterSend = """
        UPDATE conversations SET last_message_at = greatest(coalesce(last_message_at, @now), @now), updated_at = @now
         WHERE id = @conversationId;
        UPDATE conversation_participants
           SET status = 'accepted', request_hidden_at = NULL,
               read_at = CASE WHEN read_through_at IS NULL OR (@now, @id) > (read_through_at, read_through_id) THEN @now ELSE read_at END,
               read_through_id = CASE WHEN read_through_at IS NULL OR (@now, @id) > (read_through_at, read_through_id) THEN @id ELSE read_through_id END,
               read_through_at = CASE WHEN read_through_at IS NULL OR (@now, @id) > (read_through_at, read_through_id) THEN @now ELSE read_through_at END
         WHERE conversation_id = @conversationId AND user_id = @viewer
        """;

    /// <summary>
    /// After an unsend: the thread's activity time is its newest message still there (none: NULL, the thread listed as one
    /// nobody wrote in), as if the unsent one had never been sent. Run under the thread's lock, as every send moves it.
    /// One backward probe of messages_conversation.
    /// </summary>
    public const string ActivityBack = """
        WITH newest AS (SELECT max(m.created_at) AS at FROM messages m WHERE m.conversation_id = @conversationId)
        UPDATE conversations c SET last_message_at = newest.at FROM newest
         WHERE c.id = @conversationId AND c.last_message_at IS DISTINCT FROM newest.at
        """;

    public const string Edit = "UPDATE messages SET content = @text, is_edited = true WHERE id = @messageId AND sender_id = @viewer AND NOT vanishes";

    /// <summary>
    /// A moderator's takedown: the message stays in its thread as a tombstone (type 'removed', migration 0132), everything it
    /// said or showed cleared and its reactions gone — kept aside in removed_messages (migration 0179) for an appeal, held
    /// until @now unless the appeal window holds it longer (MessageReinstatement.HoldAsync): its photo or video is released to
    /// media-cleanup as of then. The row lock waits for a reaction being added (which holds a key-share lock), so none lands
    /// on the tombstone. Answers what was removed, as unsending does.
    /// </summary>
    public const string Remove = """
        WITH old AS (
            SELECT id, message_type, content, upload_id, media_blob_name, shared_post_id, shared_story_id, shared_reel_id, shared_video_id,
                   quoted_note, is_edited
              FROM messages WHERE id = @messageId AND message_type <> 'removed' FOR UPDATE
        ), kept AS (
            INSERT INTO removed_messages (message_id, message_type, content, upload_id, media_blob_name, shared_post_id, shared_story_id,
                                          shared_reel_id, shared_video_id, quoted_note, is_edited, reactions, removed_at, held_until)
            SELECT old.id, old.message_type, old.content, old.upload_id, old.media_blob_name, old.shared_post_id, old.shared_story_id,
                   old.shared_reel_id, old.shared_video_id, old.quoted_note, old.is_edited,
                   coalesce((SELECT jsonb_agg(jsonb_build_object('userId', r.user_id, 'emoji', r.emoji, 'createdAt', r.created_at)
                                              ORDER BY r.created_at, r.user_id)
                               FROM message_reactions r WHERE r.message_id = old.id), '[]'::jsonb),
                   @now, @now
              FROM old
        ), released AS (
            UPDATE uploads SET released_at = @now FROM old WHERE uploads.id = old.upload_id AND uploads.released_at IS NULL
        ), reactions AS (
            DELETE FROM message_reactions r USING old WHERE r.message_id = old.id
        ), tombstone AS (
            UPDATE messages m SET message_type = 'removed', content = NULL, upload_id = NULL, media_blob_name = NULL, shared_post_id = NULL,
                   shared_story_id = NULL, shared_reel_id = NULL, shared_video_id = NULL, quoted_note = NULL, is_edited = false
              FROM old WHERE m.id = old.id
        )
        SELECT id, shared_reel_id, shared_video_id FROM old
        """;

    /// <summary>
    /// Unsending removes the message for everyone; its photo or video goes to media-cleanup — a tombstone's kept one too
    /// (its removed_messages row goes with the message). Answers the message removed (none: it was gone already), with the
    /// reel or video it shared, whose share count then drops.
    /// </summary>
    public static readonly string Unsend = $"""
        WITH gone AS (DELETE FROM messages WHERE id = @messageId AND sender_id = @viewer RETURNING id, upload_id, shared_reel_id, shared_video_id),
        released AS ({RemovedMessagesSql.ReleaseUploadsOf("gone")})
        SELECT id, shared_reel_id, shared_video_id FROM gone
        """;

    /// <summary>The story's author is the other participant of this one-to-one: a story sent here answers it (a reply).</summary>
    public const string StoryAuthorIsPeer = """
        SELECT EXISTS (SELECT 1 FROM stories s JOIN conversation_participants cp ON cp.user_id = s.user_id
                        WHERE s.id = @storyId AND cp.conversation_id = @conversationId AND cp.user_id <> @viewer)
        """;
}
