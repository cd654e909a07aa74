using Fowergram.Platform.Moderation;
using Fowergram.Platform.Http;
using Fowergram.Platform.Visibility;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Moderation;

internal static class ReportsSql
{
    /// <summary>What can be reported (reports_target_type_check, migrations 0107, 0118 and 0185).</summary>
    public static readonly string[] TargetTypes =
        ["user", "post", "comment", "reel", "reel_comment", "story", "igtv_video", "igtv_comment", "message", "live_stream", "product", "note",
         "broadcast_channel", "channel_message"];

    /// <summary>Why (reports_reason_check, migration 0008).</summary>
    public static readonly string[] Reasons =
        ["spam", "nudity", "hate_speech", "violence", "harassment", "false_information", "scam", "intellectual_property", "self_harm", "other"];

    /// <summary>
    /// The reporter may see the target now: every kind by the read-time rules of notices (Visibility.EntityFilter), a
    /// message when the reporter is in its thread, it was sent since they joined (as reactions ask) and it is not a tombstone
    /// of a takedown (as a channel message's rule and every other kind's deleted_at leave out what is already down: such a
    /// report stayed open about nothing left to remove), a broadcast channel when they may see it and a channel message when
    /// they read it (ChannelVisibility, the channels' own rules).
    /// </summary>
    public static readonly string Visible = $"""
        SELECT CASE WHEN @targetType = 'message' THEN EXISTS (
                    SELECT 1 FROM messages m
                      JOIN conversation_participants me
                        ON me.conversation_id = m.conversation_id AND me.user_id = @viewer AND me.left_at IS NULL AND m.created_at >= me.joined_at
                     WHERE m.id = @targetId AND m.message_type <> 'removed')
               WHEN @targetType = 'broadcast_channel' THEN {ChannelVisibility.ChannelSeen("@targetId")}
               WHEN @targetType = 'channel_message' THEN {ChannelVisibility.MessageRead("@targetId")}
               ELSE {VisibilityPolicy.EntityFilter("@targetType", "@targetId", "@now")} END
        """;

    private const string Columns = """
        r.id, r.target_type, r.target_id, r.reason, r.details, r.status, r.action, r.created_at, r.resolved_at
        """;

    /// <summary>
    /// Inserts the report unless the reporter already reported the target (reports_once_per_reporter_key); answers the row
    /// either way, except when the first report committed while this insert waited for it: the statement's snapshot predates
    /// that commit, so no row comes back, and the caller reads it with <see cref="Existing"/> (a statement, a snapshot, of its own).
    /// </summary>
    public const string Insert = $"""
        WITH inserted AS (
            INSERT INTO reports AS r (id, reporter_id, target_type, target_id, reason, details, created_at, updated_at)
            VALUES (@id, @viewer, @targetType, @targetId, @reason, @details, @now, @now)
            ON CONFLICT (reporter_id, target_type, target_id) DO NOTHING
            RETURNING {Columns}, true AS is_new)
        SELECT * FROM inserted
        UNION ALL
        SELECT {Columns}, false FROM reports r
         WHERE r.reporter_id = @viewer AND r.target_type = @targetType AND r.target_id = @targetId AND NOT EXISTS (SELECT 1 FROM inserted)
        """;

    /// <summary>The reporter's report of the target, read after <see cref="Insert"/> answered no row.</summary>
    public const string Existing = $"""
        SELECT {Columns}, false AS is_new FROM reports r
         WHERE r.reporter_id = @viewer AND r.target_type = @targetType AND r.target_id = @targetId
        """;

    /// <summary>The caller's own reports, newest first (reports_reporter).</summary>
    public static readonly string Mine = $"""
        SELECT {Columns} FROM reports r
         WHERE r.reporter_id = @viewer AND {KeysetSql.Older("r.created_at", "r.id")}
         ORDER BY r.created_at DESC, r.id DESC LIMIT @take
        """;

    /// <summary>Whether the caller's account is live, and whether it is granted moderation (no row: the account is gone).</summary>
    public const string ModeratorStanding = """
        SELECT u.deleted_at IS NULL AND u.is_active AS live, EXISTS (SELECT 1 FROM moderators m WHERE m.user_id = u.id) AS granted
          FROM users u WHERE u.id = @viewer
        """;

    /// <summary>
    /// Open and reviewing reports, oldest first (reports_queue), each with its reporter and its target's report count
    /// (reports_target); @limited keeps those whose target is limited now (a walk of the open queue, which moderators keep short).
    /// </summary>
    public static readonly string Queue = $"""
        SELECT {Columns}, u.username AS reporter,
               (SELECT count(*) FROM reports t WHERE t.target_type = r.target_type AND t.target_id = r.target_id) AS target_report_count,
               {ReviewLimit.Limited("r")} AS target_limited
          FROM reports r LEFT JOIN users u ON u.id = r.reporter_id
         WHERE r.status IN ('open', 'reviewing') AND (@type::text IS NULL OR r.target_type = @type) AND {KeysetSql.Newer("r.created_at", "r.id")}
           AND (NOT @limited OR {ReviewLimit.Limited("r")})
         ORDER BY r.created_at, r.id LIMIT @take
        """;

    /// <summary>One report as a moderator reads it: with its reporter, its target's report count, the notes and who resolved it.</summary>
    public static readonly string ForModerator = $"""
        SELECT {Columns}, u.username AS reporter, r.resolution_notes, m.username AS resolved_by,
               (SELECT count(*) FROM reports t WHERE t.target_type = r.target_type AND t.target_id = r.target_id) AS target_report_count,
               {ReviewLimit.Limited("r")} AS target_limited
          FROM reports r LEFT JOIN users u ON u.id = r.reporter_id LEFT JOIN users m ON m.id = r.resolved_by
         WHERE r.id = @id
        """;

    /// <summary>
    /// A reported account (@targetId) as a suspension needs it: live (not deleted; active, or its temporary suspension ended at @now,
    /// which the suspension lifts first), a moderator, and the report's reason.
    /// </summary>
    public const string ReportedAccount = """
        SELECT u.deleted_at IS NULL
               AND (u.is_active OR EXISTS (SELECT 1 FROM account_suspensions s WHERE s.user_id = u.id AND s.until <= @now)) AS live,
               EXISTS (SELECT 1 FROM moderators m WHERE m.user_id = u.id) AS is_moderator,
               (SELECT reason FROM reports WHERE id = @reportId) AS reason
          FROM users u WHERE u.id = @targetId
        """;

    /// <summary>A report's target, to lock every report of that target (<see cref="LockTarget"/>).</summary>
    public const string Target = "SELECT target_type, target_id, reason FROM reports WHERE id = @id";

    /// <summary>
    /// The target's turn, taken before any of its reports (first key 0x7265706f, "repo"): a removal also closes reports filed
    /// after <see cref="LockTarget"/> locked the others, and ids are only roughly time-ordered (several hosts' clocks), so such a
    /// report may sort first; a second moderator locking in id order then held it and waited for the first, who waited for it.
    /// A hash collision only makes two targets' moderators take turns.
    /// </summary>
    public const string TakeTargetTurn = """
        SELECT pg_advisory_xact_lock(1919250543, hashtext(@targetType || ':' || @targetId::text))
        """;

    /// <summary>
    /// The target's turn shared by the reports filed of it (the same key as <see cref="TakeTargetTurn"/>), taken before anything
    /// else: a report filed while a removal of its target was in flight checked the target up under its own snapshot and could
    /// commit after the removal closed the target's reports, staying open about content already gone. Now a filing waits for a
    /// resolution in flight (and then finds the target gone, 404), and a resolution waits for the filings in flight (and then
    /// closes them with the others). Filings do not wait for one another.
    /// </summary>
    public const string ShareTargetTurn = """
        SELECT pg_advisory_xact_lock_shared(1919250543, hashtext(@targetType || ':' || @targetId::text))
        """;

    /// <summary>
    /// Every report of one target, in id order, so that moderators closing reports of the same target take turns instead of
    /// deadlocking (a removal closes them all); answers each one's id and status.
    /// </summary>
    public const string LockTarget = """
        SELECT id, status FROM reports WHERE target_type = @targetType AND target_id = @targetId ORDER BY id FOR UPDATE
        """;

    /// <summary>
    /// Closes the report (its rows locked and checked open by the caller) and, with an @action (the target was removed or its
    /// account suspended), every other report of the same target still open: the same outcome, notes and action. Each
    /// reporter whose account is still there gets a system notice (@notice, no actor, no entity: the target may be gone);
    /// the owner of removed content (@owner, when not null) gets @ownerNotice.
    /// </summary>
    public const string Resolve = $"""
        WITH closed AS (
            UPDATE reports r SET status = @outcome, action = @action, resolution_notes = @notes, resolved_by = @viewer, resolved_at = @now,
                   updated_at = @now
             WHERE r.id = @id
                OR (@action::text IS NOT NULL AND r.target_type = @targetType AND r.target_id = @targetId AND r.status IN ('open', 'reviewing'))
            RETURNING r.*),
        noticed AS (
            INSERT INTO notifications (id, user_id, type, message, created_at)
            SELECT gen_random_uuid(), r.reporter_id, 'system', @notice, @now FROM closed r WHERE r.reporter_id IS NOT NULL),
        owner_told AS (
            INSERT INTO notifications (id, user_id, type, message, created_at)
            SELECT gen_random_uuid(), @owner, 'system', @ownerNotice, @now WHERE @owner::uuid IS NOT NULL)
        SELECT {Columns} FROM closed r
        """;

    /// <summary>A moderator takes a report to review (open → reviewing); answers the status it has afterwards, no row when there is none.</summary>
    public const string Review = """
        WITH moved AS (
            UPDATE reports SET status = 'reviewing', updated_at = @now WHERE id = @id AND status = 'open' RETURNING status)
        SELECT status FROM moved UNION ALL SELECT status FROM reports WHERE id = @id AND NOT EXISTS (SELECT 1 FROM moved)
        """;

}
