namespace Fowergram.Features.Accounts;

/// <summary>SQL over <c>email_changes</c> (migration 0144, docs/accounts.md "Changing the e-mail address").</summary>
internal static class EmailChangesSql
{
    /// <summary>The account's row, locked: one account's requests and confirmations take turns.</summary>
    public const string LockAccount = "SELECT email FROM users WHERE id = @userId AND is_active AND deleted_at IS NULL FOR NO KEY UPDATE";

    public const string TakenByOther = "SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = @newEmail AND id <> @userId)";

    public const string CancelPending = """
        UPDATE email_changes SET cancelled_at = @now WHERE user_id = @userId AND confirmed_at IS NULL AND cancelled_at IS NULL
        """;

    public const string Insert = """
        INSERT INTO email_changes (id, user_id, old_email, new_email, requested_at) VALUES (@id, @userId, @oldEmail, @newEmail, @now)
        """;

    public const string Current = """
        SELECT u.email, u.email_verified_at IS NOT NULL AS is_verified,
               (SELECT c.new_email FROM email_changes c WHERE c.user_id = u.id AND c.confirmed_at IS NULL AND c.cancelled_at IS NULL) AS pending_email
          FROM users u WHERE u.id = @viewer AND u.is_active AND u.deleted_at IS NULL
        """;

    /// <summary>A change still waiting for its link, with whom to mail (the consumer's read).</summary>
    public const string Pending = """
        SELECT c.new_email, u.username FROM email_changes c JOIN users u ON u.id = c.user_id
         WHERE c.id = @changeId AND c.confirmed_at IS NULL AND c.cancelled_at IS NULL AND u.is_active AND u.deleted_at IS NULL
        """;

    public const string Confirmed = """
        SELECT c.old_email, c.new_email, u.username FROM email_changes c JOIN users u ON u.id = c.user_id
         WHERE c.id = @changeId AND c.confirmed_at IS NOT NULL AND u.is_active AND u.deleted_at IS NULL
        """;

    public const string InsertToken = """
        INSERT INTO email_verifications (id, user_id, token_hash, created_at, expires_at, email_change_id)
        VALUES (@id, @userId, @tokenHash, @now, @expiresAt, @changeId)
        """;

    /// <summary>Spends a token: whose it is and, for a change, which one. Concurrent uses queue on the row; the first matches.</summary>
    public const string Spend = """
        UPDATE email_verifications SET used_at = @now
         WHERE token_hash = @tokenHash AND used_at IS NULL AND expires_at > @now
        RETURNING user_id, email_change_id
        """;

    /// <summary>Confirms the change if it is still the account's pending one (a newer request cancelled older links).</summary>
    public const string Confirm = """
        UPDATE email_changes SET confirmed_at = @now
         WHERE id = @changeId AND confirmed_at IS NULL AND cancelled_at IS NULL
        RETURNING new_email
        """;

    /// <summary>The address itself: a confirmed link proves the owner reads it, so it is verified at once.</summary>
    public const string SetEmail = """
        UPDATE users SET email = @newEmail, email_verified_at = @now, updated_at = @now
         WHERE id = @userId AND is_active AND deleted_at IS NULL
        """;
}

internal sealed class SpentToken
{
    public Guid UserId { get; init; }
    public Guid? EmailChangeId { get; init; }
}

internal sealed class PendingChange
{
    public string NewEmail { get; init; } = "";
    public string Username { get; init; } = "";
}

internal sealed class ConfirmedChange
{
    public string OldEmail { get; init; } = "";
    public string NewEmail { get; init; } = "";
    public string Username { get; init; } = "";
}
