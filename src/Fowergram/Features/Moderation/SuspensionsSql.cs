using Fowergram.Platform.Http;

namespace Fowergram.Features.Moderation;

/// <summary>Suspended accounts (account_suspensions, migration 0111): while the row exists users.is_active is false.</summary>
internal static class SuspensionsSql
{
    /// <summary>An account that is not deleted, active or not, by username; with whether it is a moderator.</summary>
    public const string Target = """
        SELECT u.id, u.username, EXISTS (SELECT 1 FROM moderators m WHERE m.user_id = u.id) AS is_moderator
          FROM users u WHERE lower(u.username) = @username AND u.deleted_at IS NULL
        """;

    /// <summary>Suspends the account unless it is suspended already (the first suspension stands); true when it was suspended now.</summary>
    public const string Suspend = """
        WITH inserted AS (
            INSERT INTO account_suspensions (user_id, suspended_by, report_id, reason, created_at, until)
            VALUES (@userId, @moderator, @reportId, @reason, @now, @until)
            ON CONFLICT (user_id) DO NOTHING RETURNING user_id),
        deactivated AS (UPDATE users SET is_active = false, updated_at = @now WHERE id IN (SELECT user_id FROM inserted))
        SELECT EXISTS (SELECT 1 FROM inserted)
        """;

    /// <summary>
    /// The account's suspension, locked by every lift in a statement before the one that lifts it: that statement's snapshot
    /// then sees an appeal that held the row first (AppealsSql.Create), and closes it as 'lifted'. In the lifting statement
    /// alone, the lock came after the snapshot, and an appeal committed in between stayed open with no suspension.
    /// </summary>
    public const string Lock = "SELECT user_id FROM account_suspensions WHERE user_id = @userId FOR UPDATE";

    /// <summary>
    /// Lifts the account's temporary suspension if it has ended (as the expiry job and the login do) before a new one is
    /// made: left in place, the ended row counted as "already suspended", and the job then lifted the new suspension with it.
    /// </summary>
    public const string LiftEnded = $"""
        WITH gone AS (DELETE FROM account_suspensions WHERE user_id = @userId AND until <= @now RETURNING user_id),
        {Activated}
        SELECT EXISTS (SELECT 1 FROM gone)
        """;

    /// <summary>Lifts the suspension and makes the account active again; true when there was one.</summary>
    public const string Lift = $"""
        WITH gone AS (DELETE FROM account_suspensions WHERE user_id = @userId RETURNING user_id),
        {Activated}
        SELECT EXISTS (SELECT 1 FROM gone)
        """;

    /// <summary>
    /// Makes the accounts of the suspensions deleted in <c>gone</c> active again, and closes their open appeals as moot
    /// ('lifted': the suspension ended another way than by a decision on the appeal).
    /// </summary>
    internal const string Activated = """
        activated AS (UPDATE users SET is_active = true, updated_at = @now WHERE id IN (SELECT user_id FROM gone)),
        appeals_moot AS (UPDATE suspension_appeals SET status = 'lifted', decided_at = @now
                          WHERE user_id IN (SELECT user_id FROM gone) AND status = 'open')
        """;

    private const string Columns = """
        s.user_id, u.username, s.reason, m.username AS suspended_by, s.report_id, s.created_at, s.until
          FROM account_suspensions s JOIN users u ON u.id = s.user_id LEFT JOIN users m ON m.id = s.suspended_by
        """;

    public const string One = $"SELECT {Columns} WHERE s.user_id = @userId";

    /// <summary>Suspensions newest first (account_suspensions_recent).</summary>
    public static readonly string Recent = $"""
        SELECT {Columns}
         WHERE {KeysetSql.Older("s.created_at", "s.user_id")}
         ORDER BY s.created_at DESC, s.user_id DESC LIMIT @take
        """;
}
