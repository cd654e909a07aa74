using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Messages;

/// <summary>
/// Threads and their participants. A participant whose left_at is set is out: the thread is a 404 to them.
/// Every query binds the caller as <c>@viewer</c>.
/// </summary>
internal static class ConversationsSql
{
    /// <summary>The caller's place in a thread; every DM route starts here. FOR UPDATE variant: membership changes.</summary>
    public const string Membership = """
        SELECT c.id, c.is_group, cp.is_admin, cp.status, cp.joined_at
          FROM conversation_participants cp JOIN conversations c ON c.id = cp.conversation_id
         WHERE cp.conversation_id = @conversationId AND cp.user_id = @viewer AND cp.left_at IS NULL
        """;

    /// <summary>
    /// As <see cref="Membership"/>, with whether the caller's account is still live, in one row even when the caller is not
    /// in the thread (<c>id</c> null): for writes that may not spend a query of their own on it (read marks).
    /// </summary>
    public static readonly string LiveMembership = $"""
        SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = @viewer AND u.deleted_at IS NULL AND u.is_active) AS caller_live,
               m.id, m.is_group, m.is_admin, m.status, m.joined_at
          FROM (SELECT 1) one LEFT JOIN ({Membership}) m ON true
        """;

    /// <summary>Serialises membership changes of one thread (two admins leaving at once must leave one behind).</summary>
    public const string LockConversation = "SELECT id FROM conversations WHERE id = @conversationId FOR UPDATE";

    /// <summary>The people the caller may put in a thread: live accounts with no block either way.</summary>
    public static readonly string Reachable = $"""
        SELECT u.id FROM users u
         WHERE u.id = ANY(@userIds) AND u.deleted_at IS NULL AND u.is_active AND NOT {VisibilityPolicy.BlockedBetween("@viewer", "u.id")}
        """;

    public const string OpenDirect = """
        INSERT INTO conversations (id, is_group, direct_key, created_by, created_at, updated_at)
        VALUES (@id, false, @directKey, @viewer, @now, @now)
        ON CONFLICT (direct_key) DO NOTHING RETURNING id
        """;

    /// <summary>
    /// The pair's existing thread, locked as every write of a thread locks it, before the open puts the caller back in it:
    /// unlocked, a reopen could start the caller afresh while a send already stamped under the lock was still to commit, and
    /// that message then lay before the caller's new start, never shown to them.
    /// </summary>
    public const string FindDirect = "SELECT id FROM conversations WHERE direct_key = @directKey FOR UPDATE";

    public const string CreateGroup = """
        INSERT INTO conversations (id, is_group, group_name, created_by, created_at, updated_at)
        VALUES (@id, true, @name, @viewer, @now, @now)
        """;

    /// <summary>
    /// Puts people in a thread, or back in it: someone who left comes back with a fresh start (history from now,
    /// nothing read, not pinned). A person joins as 'accepted' when they follow @viewer (who opened or added them) and do not
    /// restrict them (docs/social-graph.md "Restrict"), else as a message request. Current participants are left as they are.
    /// </summary>
    public const string Join = """
        INSERT INTO conversation_participants (conversation_id, user_id, joined_at, is_admin, status)
        SELECT @conversationId, m.user_id, @now, coalesce(m.user_id = @admin, false),
               CASE WHEN m.user_id = @viewer
                      OR (EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = m.user_id AND f.following_id = @viewer)
                          AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.restricter_id = m.user_id AND r.restricted_id = @viewer))
                    THEN 'accepted' ELSE 'request' END
          FROM unnest(@userIds::uuid[]) AS m(user_id)
        ON CONFLICT (conversation_id, user_id) DO UPDATE
           SET joined_at = excluded.joined_at, left_at = NULL, is_admin = excluded.is_admin, status = excluded.status, request_hidden_at = NULL,
               is_archived = false, is_muted = false, pinned_at = NULL, read_through_at = NULL, read_through_id = NULL, read_at = NULL
         WHERE conversation_participants.left_at IS NOT NULL
        """;

    public const string CurrentCount = "SELECT count(*) FROM conversation_participants WHERE conversation_id = @conversationId AND left_at IS NULL";

    /// <summary>Leaving (or deleting a one-to-one for oneself, or being removed) drops one's pin: it frees its place among the three.</summary>
    public const string Leave = """
        UPDATE conversation_participants SET left_at = greatest(@now, joined_at), is_admin = false, pinned_at = NULL
         WHERE conversation_id = @conversationId AND user_id = @userId AND left_at IS NULL
        """;

    /// <summary>
    /// A group is never left without a live admin: when none of its admins is a live account (the last one left or was
    /// removed, or is suspended, being deleted or purged), the longest-standing live member becomes one. Run under the
    /// thread's lock after a member leaves, by the account purge, and before an admin-only action (GroupAdmins). Members who
    /// accepted the group come first: one whose copy is still a request has not chosen to be in it, and acting as its admin
    /// would show the group the request was read (a request member is chosen only when nobody else is left).
    /// </summary>
    public const string KeepAnAdmin = """
        UPDATE conversation_participants SET is_admin = true
         WHERE conversation_id = @conversationId
           AND user_id = (SELECT cp.user_id FROM conversation_participants cp JOIN users u ON u.id = cp.user_id
                           WHERE cp.conversation_id = @conversationId AND cp.left_at IS NULL AND u.is_active AND u.deleted_at IS NULL
                           ORDER BY cp.status <> 'accepted', cp.joined_at, cp.user_id LIMIT 1)
           AND NOT EXISTS (SELECT 1 FROM conversation_participants cp JOIN users u ON u.id = cp.user_id
                            WHERE cp.conversation_id = @conversationId AND cp.left_at IS NULL AND cp.is_admin
                              AND u.is_active AND u.deleted_at IS NULL)
        """;

    public const string Rename = "UPDATE conversations SET group_name = @name, updated_at = @now WHERE id = @conversationId AND is_group";

    /// <summary>Archiving unpins, as on Instagram (a pin belongs to the inbox); unarchiving does not pin again.</summary>
    public const string SetFlags = """
        UPDATE conversation_participants
           SET is_archived = CASE WHEN @setArchived THEN @archived ELSE is_archived END,
               pinned_at   = CASE WHEN @setArchived AND @archived THEN NULL ELSE pinned_at END,
               is_muted    = CASE WHEN @setMuted THEN @muted ELSE is_muted END
         WHERE conversation_id = @conversationId AND user_id = @viewer AND left_at IS NULL
        """;

    /// <summary>
    /// A mark stored while the copy was a request was never shown: it is shown from the acceptance on, as read then (the
    /// position stays, so nothing becomes unread again), not with the time the request was privately read. A vanishing
    /// message it covers (held while the copy was a request) starts its wait from the acceptance too.
    /// </summary>
    /// <summary>
    /// Tokens outlive accounts: a gone caller accepts nothing (<c>caller_live</c> false, a 401), checked in this statement
    /// rather than a query of its own. <c>accepted</c> false otherwise: not in the thread (a 404).
    /// </summary>
    public const string Accept = """
        WITH caller AS (
            SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = @viewer AND u.deleted_at IS NULL AND u.is_active) AS live
        ), accepted AS (
            UPDATE conversation_participants
               SET status = 'accepted', request_hidden_at = NULL,
                   read_at = CASE WHEN status = 'request' AND read_at IS NOT NULL THEN @now ELSE read_at END
             WHERE conversation_id = @conversationId AND user_id = @viewer AND left_at IS NULL AND (SELECT live FROM caller)
            RETURNING 1
        )
        SELECT (SELECT live FROM caller) AS caller_live, EXISTS (SELECT 1 FROM accepted) AS accepted
        """;

    /// <summary>
    /// The caller's newest readable message, or the one named, if it is in what the caller can see; key-share locked, so
    /// an unsend waits for the mark's transaction (the lock sits below the LIMIT: a newest message deleted meanwhile is
    /// skipped for the next one).
    /// </summary>
    public static readonly string ReadTarget = $"""
        SELECT m.id, m.created_at FROM messages m
         WHERE m.conversation_id = @conversationId AND m.created_at >= @joinedAt AND (@messageId::uuid IS NULL OR m.id = @messageId)
           AND {VanishingRule.Stays("m")}
         ORDER BY m.created_at DESC, m.id DESC LIMIT 1
           FOR KEY SHARE OF m
        """;

    /// <summary>Moves the caller's watermark forward, never back (an old "read" arriving late changes nothing).</summary>
    public const string MarkRead = """
        UPDATE conversation_participants SET read_through_at = @at, read_through_id = @messageId, read_at = @now
         WHERE conversation_id = @conversationId AND user_id = @viewer AND left_at IS NULL
           AND (read_through_at IS NULL OR (@at, @messageId) > (read_through_at, read_through_id))
        """;

    /// <summary>Messages of others after the caller's watermark, in what the caller can see; <c>me</c> is their participant row.</summary>
    private static readonly string Unread = """
        SELECT 1 FROM messages m
         WHERE m.conversation_id = me.conversation_id AND m.sender_id <> @viewer AND m.created_at >= me.joined_at
           AND (me.read_through_at IS NULL OR (m.created_at, m.id) > (me.read_through_at, me.read_through_id))
        """;

    /// <summary>
    /// Whom the caller's request copy of thread c came from: in a one-to-one the other participant (whoever created the
    /// thread: a chat the caller opened, deleted for themselves and got back from the other side is a request from them),
    /// in a group its creator. Null when that account is gone.
    /// </summary>
    internal const string RequestFrom = """
        coalesce((SELECT rf.user_id FROM conversation_participants rf
                   WHERE NOT c.is_group AND rf.conversation_id = c.id AND rf.user_id <> @viewer), c.created_by)
        """;

    /// <summary>
    /// Listed threads: groups, threads with a message, and the caller's own empty one-to-ones (an opened chat nobody
    /// wrote in yet is nobody else's business). Requests from someone blocked either way since are not shown.
    /// </summary>
    private static readonly string Listed = $"""
        (c.is_group OR c.last_message_at IS NOT NULL OR c.created_by = @viewer)
        AND (me.status = 'accepted' OR NOT {VisibilityPolicy.BlockedBetween("@viewer", RequestFrom)})
        """;

    /// <summary>
    /// When thread c was last active for the caller (<c>me</c>): its newest message, or its creation when empty — but never
    /// before the caller joined. Someone added to a group after its last message, or back in a one-to-one they deleted, sees
    /// it dated by their joining (as Instagram's "added you" line), not by a message they cannot read: the inbox's order, its
    /// keyset and <c>lastActivityAt</c> all use this. Members since the start are unaffected (they joined at creation).
    /// </summary>
    internal const string ActivityForCaller = "greatest(coalesce(c.last_message_at, c.created_at), me.joined_at)";

    private static readonly string Columns = $"""
        c.id, c.is_group, c.group_name AS name, c.created_at, {ActivityForCaller} AS last_activity_at,
        CASE WHEN me.request_hidden_at IS NOT NULL THEN 'hidden_request' ELSE me.status END AS status, me.is_archived, me.is_muted, me.pinned_at,
        c.vanish_mode_since, (SELECT count(*) FROM ({Unread} LIMIT {ConversationRules.UnreadCountCap}) unread) AS unread_count
        """;

    public static readonly string Inbox = $"""
        SELECT {Columns}
          FROM conversation_participants me JOIN conversations c ON c.id = me.conversation_id
         WHERE me.user_id = @viewer AND me.left_at IS NULL AND {Listed}
           AND CASE @folder WHEN 'requests' THEN me.status = 'request' AND me.request_hidden_at IS NULL
                            WHEN 'hidden' THEN me.status = 'request' AND me.request_hidden_at IS NOT NULL
                            WHEN 'archived' THEN me.status = 'accepted' AND me.is_archived
                            ELSE me.status = 'accepted' AND NOT me.is_archived AND me.pinned_at IS NULL END
           AND {KeysetSql.Older(ActivityForCaller, "c.id")}
         ORDER BY {ActivityForCaller} DESC, c.id DESC LIMIT @take
        """;

    /// <summary>
    /// The caller's pinned threads, the latest pinned first (conversation_participants_pinned): the top of the inbox's first
    /// page, which <see cref="Inbox"/> leaves out. Not under <c>Listed</c>: a pin is the caller's own choice of a thread they
    /// are in, and a pin only stands on an inbox thread (conversation_participants_pinned_in_inbox).
    /// </summary>
    public static readonly string Pinned = $"""
        SELECT {Columns}
          FROM conversation_participants me JOIN conversations c ON c.id = me.conversation_id
         WHERE me.user_id = @viewer AND me.pinned_at IS NOT NULL AND me.left_at IS NULL
         ORDER BY me.pinned_at DESC, me.conversation_id DESC LIMIT {ConversationPinsApi.MaxPinned}
        """;

    public static readonly string One = $"""
        SELECT {Columns}
          FROM conversation_participants me JOIN conversations c ON c.id = me.conversation_id
         WHERE me.conversation_id = @conversationId AND me.user_id = @viewer AND me.left_at IS NULL
        """;

    /// <summary>
    /// <see cref="One"/> for GET /conversations/{id}, while the caller's account is live: a token that outlived its account reads
    /// nothing, and only the 404 probes the account for the 401 (docs/accounts.md "Sessions"). The writes read <see cref="One"/>:
    /// a gone account may still set its own copy's flags.
    /// </summary>
    public static readonly string OneShown = $"{One} AND {LiveCaller.Is("@viewer")}";

    /// <summary>
    /// The badge: inbox threads and shown requests with something unread, muted ones of either left out (a mute keeps a thread
    /// out of the badge, as it keeps its pushes away).
    /// </summary>
    public static readonly string UnreadCounts = $"""
        SELECT count(*) FILTER (WHERE me.status = 'accepted' AND NOT me.is_archived AND NOT me.is_muted) AS conversations,
               count(*) FILTER (WHERE me.status = 'request' AND me.request_hidden_at IS NULL AND NOT me.is_muted) AS requests
          FROM conversation_participants me JOIN conversations c ON c.id = me.conversation_id
         WHERE me.user_id = @viewer AND me.left_at IS NULL AND {Listed} AND EXISTS ({Unread})
        """;

    /// <summary>
    /// Where member <c>cp</c>'s read mark shows to the caller: the newest message the caller can see (from their joining on,
    /// not vanished) at or before the mark's position. The mark is a keyset position, and the message it was put on may have
    /// been unsent or vanished since, or be older than the caller's joining: "Seen" then sits on the message before it, and
    /// a mark with nothing the caller can see before it is not shown. One probe of messages_conversation per shown mark.
    /// </summary>
    private static readonly string ShownReadMark = $"""
        SELECT rm.id FROM messages rm
          JOIN conversation_participants mine ON mine.conversation_id = rm.conversation_id AND mine.user_id = @viewer
         WHERE rm.conversation_id = cp.conversation_id AND rm.created_at >= mine.joined_at
           AND (rm.created_at, rm.id) <= (cp.read_through_at, cp.read_through_id) AND {VanishingRule.Stays("rm")}
         ORDER BY rm.created_at DESC, rm.id DESC LIMIT 1
        """;

    /// <summary>
    /// The people of each thread. Another member's last activity (account_presence, migration 0112) is shown when both
    /// of them show their activity status, both have accepted the thread (a request reveals nothing either way), no block
    /// stands between them and the member does not restrict the viewer (docs/messages.md "Activity status"); to the same
    /// viewers a member in quiet mode shows that instead (its settings are read here, and judged by ConversationViews). A
    /// member's read mark is shown unless they turned read receipts off (migration 0124).
    /// </summary>
    public static readonly string Participants = $"""
        SELECT cp.conversation_id, u.id, u.username, u.full_name, u.avatar, u.is_verified, cp.is_admin, cp.status,
               CASE WHEN u.id <> @viewer AND u.show_read_receipts AND cp.status = 'accepted' AND cp.read_through_at IS NOT NULL
                    THEN ({ShownReadMark}) END AS read_through_id,
               CASE WHEN u.id <> @viewer AND u.show_read_receipts THEN cp.read_at END AS read_at,
               s.shown AS status_shown,
               CASE WHEN s.shown THEN (SELECT p.last_active_at FROM account_presence p WHERE p.user_id = u.id) END AS last_active_at,
               {QuietMode.Columns("u")}
          FROM conversation_participants cp JOIN users u ON u.id = cp.user_id
         CROSS JOIN LATERAL (SELECT u.id <> @viewer AND u.show_activity_status AND cp.status = 'accepted'
                     AND (SELECT me.show_activity_status FROM users me WHERE me.id = @viewer)
                     AND EXISTS (SELECT 1 FROM conversation_participants mine
                                  WHERE mine.conversation_id = cp.conversation_id AND mine.user_id = @viewer AND mine.status = 'accepted')
                     AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.restricter_id = u.id AND r.restricted_id = @viewer)
                     AND NOT {VisibilityPolicy.BlockedBetween("@viewer", "u.id")} AS shown) s
         WHERE cp.conversation_id = ANY(@ids) AND cp.left_at IS NULL AND u.deleted_at IS NULL AND u.is_active
         ORDER BY cp.joined_at, u.id
        """;

    /// <summary>
    /// The newest message of each thread that the caller can see (from their joining on, not vanished); <c>sender_id</c> null
    /// when its sender is gone (MessagesSql.LiveSender): one primary-key probe per thread of the page.
    /// </summary>
    public static readonly string LastMessages = $"""
        SELECT me.conversation_id, m.id, u.id AS sender_id, m.message_type, m.content, m.created_at
          FROM conversation_participants me
          CROSS JOIN LATERAL (SELECT m.id, m.sender_id, m.message_type, m.content, m.created_at FROM messages m
                               WHERE m.conversation_id = me.conversation_id AND m.created_at >= me.joined_at
                                 AND {VanishingRule.Stays("m")}
                               ORDER BY m.created_at DESC, m.id DESC LIMIT 1) m
          LEFT JOIN users u ON {MessagesSql.LiveSender("m", "u")}
         WHERE me.conversation_id = ANY(@ids) AND me.user_id = @viewer
        """;
}
