using Fowergram.Platform.Http;

namespace Fowergram.Features.Moderation;

/// <summary>Removed content and its appeals (content_removals, migration 0164): one row per takedown, at most one appeal in it.</summary>
internal static class RemovalsSql
{
    /// <summary>The takedown's record, written with the report's resolution.</summary>
    public const string Record = """
        INSERT INTO content_removals (report_id, owner_id, target_type, target_id, removed_at, appealable_until)
        VALUES (@reportId, @ownerId, @targetType, @targetId, @now, @appealableUntil)
        """;

    /// <summary>The owner's removals, newest first (content_removals_owner).</summary>
    public static readonly string Mine = $"""
        SELECT {Columns} FROM content_removals c {Joins}
         WHERE c.owner_id = @viewer AND {KeysetSql.Older("c.removed_at", "c.report_id")}
         ORDER BY c.removed_at DESC, c.report_id DESC LIMIT @take
        """;

    /// <summary>One removal of the owner's.</summary>
    public static readonly string MineOne = $"SELECT {Columns} FROM content_removals c {Joins} WHERE c.report_id = @id AND c.owner_id = @viewer";

    /// <summary>One removal, locked, whoever owns it (the appeal and the decision read it so, then check).</summary>
    public static readonly string Locked = $"SELECT {Columns} FROM content_removals c {Joins} WHERE c.report_id = @id FOR UPDATE OF c";

    /// <summary>One appealed removal, for moderators.</summary>
    public static readonly string Appealed = $"SELECT {Columns} FROM content_removals c {Joins} WHERE c.report_id = @id AND c.appeal_status IS NOT NULL";

    /// <summary>Open appeals, oldest first (content_removals_appeals).</summary>
    public static readonly string Queue = $"""
        SELECT {Columns} FROM content_removals c {Joins}
         WHERE c.appeal_status = 'open' AND {KeysetSql.Newer("c.appealed_at", "c.report_id")}
         ORDER BY c.appealed_at, c.report_id LIMIT @take
        """;

    public const string Appeal = """
        UPDATE content_removals SET appeal_message = @message, appealed_at = @now, appeal_status = 'open'
         WHERE report_id = @id AND appeal_status IS NULL
        """;

    /// <summary>The decision, and the owner's notice of it (a system notice: no actor, no moderator named).</summary>
    public const string Decide = """
        WITH decided AS (
            UPDATE content_removals SET appeal_status = @outcome, decided_at = @now, decided_by = @moderator, decision_notes = @notes
             WHERE report_id = @id AND appeal_status = 'open'
            RETURNING owner_id)
        INSERT INTO notifications (id, user_id, type, message, created_at)
        SELECT gen_random_uuid(), owner_id, 'system', @notice, @now FROM decided
        """;

    private const string Columns = """
        c.report_id AS id, c.owner_id, u.username AS owner, c.target_type, c.target_id, r.reason, c.removed_at, c.appealable_until,
        c.appeal_message, c.appealed_at, c.appeal_status, c.decided_at, d.username AS decided_by, c.decision_notes
        """;

    private const string Joins = """
        JOIN reports r ON r.id = c.report_id
        JOIN users u ON u.id = c.owner_id
        LEFT JOIN users d ON d.id = c.decided_by
        """;
}
