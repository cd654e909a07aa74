using Fowergram.Platform.Http;

namespace Fowergram.Features.Moderation;

/// <summary>Appeals of suspensions (suspension_appeals, migration 0119): one per suspension, decided by a moderator.</summary>
internal static class AppealsSql
{
    /// <summary>
    /// Appeals the account's current suspension, unless it was appealed already (the first appeal stands): answers the
    /// appeal, new or old, with <c>created</c>; no row when the account is not suspended, or when a concurrent appeal of
    /// the same suspension committed after this statement began (its snapshot does not see it: the caller asks again).
    /// </summary>
    // FOR KEY SHARE: a lift holding the suspension (SuspensionsSql.Lock) is waited for, and then there is nothing to appeal;
    // one coming second waits for this appeal, and the statement that closes the appeals sees it.
    public static readonly string Create = $"""
        WITH current AS (SELECT id, user_id, created_at FROM account_suspensions WHERE user_id = @userId FOR KEY SHARE),
        inserted AS (
            INSERT INTO suspension_appeals (id, user_id, suspension_id, suspended_at, message, created_at)
            SELECT @id, user_id, id, created_at, @message, @now FROM current
            ON CONFLICT (suspension_id) DO NOTHING
            RETURNING *)
        SELECT {Columns}, true AS created FROM inserted a {Joins}
        UNION ALL
        SELECT {Columns}, false FROM suspension_appeals a JOIN current c ON a.suspension_id = c.id {Joins}
         WHERE NOT EXISTS (SELECT 1 FROM inserted)
        """;

    /// <summary>One appeal by id, whatever its status.</summary>
    public static readonly string One = $"SELECT {Columns} FROM suspension_appeals a {Joins} WHERE a.id = @id";

    /// <summary>Open appeals, oldest first (suspension_appeals_queue).</summary>
    public static readonly string Queue = $"""
        SELECT {Columns} FROM suspension_appeals a {Joins}
         WHERE a.status = 'open' AND {KeysetSql.Newer("a.created_at", "a.id")}
         ORDER BY a.created_at, a.id LIMIT @take
        """;

    /// <summary>The appeal's account, to lock its suspension before the appeal (the order every lift takes: no deadlock).</summary>
    public const string Appellant = "SELECT user_id FROM suspension_appeals WHERE id = @id";

    /// <summary>Locks the account's suspension row, if it has one.</summary>
    public const string LockSuspension = "SELECT user_id FROM account_suspensions WHERE user_id = @userId FOR UPDATE";

    /// <summary>Decides an open appeal; no row when it was decided (or closed by a lift) already.</summary>
    public const string Decide = """
        UPDATE suspension_appeals SET status = @outcome, decided_at = @now, decided_by = @moderator, decision_notes = @notes
         WHERE id = @id AND status = 'open'
        RETURNING id
        """;

    private const string Columns = """
        a.id, a.user_id, u.username, a.status, a.message, a.created_at, a.suspended_at, a.decided_at, d.username AS decided_by,
        a.decision_notes, s.reason AS suspension_reason, m.username AS suspended_by, s.report_id, s.until
        """;

    // "a" is the appeal in every statement: the inserted rows are aliased so.
    private const string Joins = """
        JOIN users u ON u.id = a.user_id
        LEFT JOIN account_suspensions s ON s.id = a.suspension_id
        LEFT JOIN users m ON m.id = s.suspended_by
        LEFT JOIN users d ON d.id = a.decided_by
        """;
}
