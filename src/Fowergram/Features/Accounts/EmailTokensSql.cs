namespace Fowergram.Features.Accounts;

/// <summary>SQL over <c>email_verifications</c> and <c>password_resets</c> (one-time tokens, stored as hashes).</summary>
internal static class EmailTokensSql
{
    /// <summary>
    /// Whose password may be reset, and who is mailed: a live account, or one deleted after @restorableAfter whose purge has not
    /// begun (its owner's next sign-in restores it, docs/accounts.md "Restoring"), not a suspended one. Until session 57 a
    /// deleted account's owner who had forgotten the password could not restore it: the reset mailed nothing.
    /// </summary>
    public const string Resettable = "is_active AND (deleted_at IS NULL OR (deleted_at > @restorableAfter AND purge_started_at IS NULL))";

    public const string Recipient = """
        SELECT id, email, username, email_verified_at FROM users WHERE id = @userId AND is_active AND deleted_at IS NULL
        """;

    /// <summary>Whom email-delivery mails (a reset link, the notice of a password changed by it): <see cref="Resettable"/>.</summary>
    public const string MailRecipient = $"""
        SELECT id, email, username, email_verified_at FROM users WHERE id = @userId AND {Resettable}
        """;

    /// <summary>
    /// <see cref="MailRecipient"/> for a reset link, the row held FOR SHARE until the link is stored: an address change that
    /// commits meanwhile (it holds the row FOR NO KEY UPDATE, then spends the account's reset links) either waits for this link
    /// and spends it, or goes first and the link is mailed to the new address. Unlocked, a link minted from the old address
    /// while the change committed reached the old mailbox and worked.
    /// </summary>
    public const string ResetRecipient = MailRecipient + " FOR SHARE";

    public const string ResettableUserByEmail = $"""
        SELECT id FROM users WHERE lower(email) = @email AND {Resettable}
        """;

    public const string InsertVerification = """
        INSERT INTO email_verifications (id, user_id, token_hash, created_at, expires_at)
        VALUES (@id, @userId, @tokenHash, @now, @expiresAt)
        """;

    public const string InsertReset = """
        INSERT INTO password_resets (id, user_id, token_hash, created_at, expires_at)
        VALUES (@id, @userId, @tokenHash, @now, @expiresAt)
        """;

    /// <summary>Marks the current address verified, after its token was spent (<see cref="EmailChangesSql.Spend"/>).</summary>
    public const string MarkVerified = """
        UPDATE users SET email_verified_at = COALESCE(email_verified_at, @now), updated_at = @now
         WHERE id = @userId AND is_active AND deleted_at IS NULL
        """;

    public const string FindReset = $"""
        SELECT r.id, u.id AS user_id, u.username, u.email
        FROM password_resets AS r JOIN users AS u ON u.id = r.user_id
        WHERE r.token_hash = @tokenHash AND r.used_at IS NULL AND r.expires_at > @now AND {Resettable}
        """;

    /// <summary>Spends the presented token; 0 rows means a concurrent reset spent it first.</summary>
    public const string SpendReset = """
        UPDATE password_resets SET used_at = @now WHERE id = @id AND used_at IS NULL AND expires_at > @now
        """;

    /// <summary>Older reset mails of the same account die with the password they were meant to replace.</summary>
    public const string SpendOtherResets = """
        UPDATE password_resets SET used_at = @now WHERE user_id = @userId AND used_at IS NULL
        """;

    public const string SetPassword = """
        UPDATE users SET hashed_password = @hashedPassword, updated_at = @now WHERE id = @userId
        """;
}

internal sealed class MailRecipient
{
    public Guid Id { get; init; }
    public string Email { get; init; } = "";
    public string Username { get; init; } = "";
    public DateTimeOffset? EmailVerifiedAt { get; init; }
}

internal sealed class PendingReset
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public string Username { get; init; } = "";
    public string Email { get; init; } = "";
}
