namespace Fowergram.Features.Accounts;

/// <summary>SQL over <c>email_changes</c> (migration 0144, docs/accounts.md "Changing the e-mail address").</summary>
internal static class EmailChangesSql
{
    /// <summary>
    /// The account's row, locked: one account's requests and confirmations take turns; with the password hash the request
    /// proved, so that it can tell a password changed since (which cancels pending changes) from one still standing.
    /// </summary>
    public const string LockAccount = """
        SELECT email, hashed_password = @proved AS still_proved FROM users WHERE id = @userId AND is_active AND deleted_at IS NULL FOR NO KEY UPDATE
        """;

    /// <summary>The account's row, locked, whatever its state (a revert may find it suspended or deleted).</summary>
    public const string LockAnyAccount = "SELECT 1 FROM users WHERE id = @userId FOR NO KEY UPDATE";

    /// <summary>
    /// An address another account uses, or one another account changed away from within @heldSince (migration 0145): held
    /// for that owner's revert link, so the revert always finds it free.
    /// </summary>
    public static readonly string TakenByOther = $"""
        SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = @newEmail AND id <> @userId)
            OR EXISTS (SELECT 1 FROM email_changes h WHERE {HeldAddress("@newEmail", "@heldSince")} AND h.user_id <> @userId)
        """;

    /// <summary>email_changes row <c>h</c> holds address <paramref name="email"/> (lower-cased): changed from after <paramref name="since"/>, not undone (email_changes_held).</summary>
    public static string HeldAddress(string email, string since) =>
        $"lower(h.old_email) = {email} AND h.confirmed_at IS NOT NULL AND h.reverted_at IS NULL AND h.confirmed_at > {since}";

    public const string CancelPending = """
        UPDATE email_changes SET cancelled_at = @now WHERE user_id = @userId AND confirmed_at IS NULL AND cancelled_at IS NULL
        """;

    public const string Insert = """
        INSERT INTO email_changes (id, user_id, old_email, new_email, requested_at) VALUES (@id, @userId, @oldEmail, @newEmail, @now)
        """;

    /// <summary>
    /// The address, and the one waiting for its link while that link can still be used: not yet minted (the consumer mints
    /// it just after the request) or minted and not expired. Until session 57 a change whose link had expired stayed
    /// "pending" for ever, though nothing could complete it but a new request.
    /// </summary>
    public const string Current = """
        SELECT u.email, u.email_verified_at IS NOT NULL AS is_verified,
               (SELECT c.new_email FROM email_changes c
                 WHERE c.user_id = u.id AND c.confirmed_at IS NULL AND c.cancelled_at IS NULL
                   AND (NOT EXISTS (SELECT 1 FROM email_verifications v WHERE v.email_change_id = c.id)
                        OR EXISTS (SELECT 1 FROM email_verifications v WHERE v.email_change_id = c.id AND v.expires_at > @now))) AS pending_email
          FROM users u WHERE u.id = @viewer AND u.is_active AND u.deleted_at IS NULL
        """;

    /// <summary>A change still waiting for its link, with whom to mail (the consumer's read).</summary>
    public const string Pending = """
        SELECT c.new_email, u.username FROM email_changes c JOIN users u ON u.id = c.user_id
         WHERE c.id = @changeId AND c.confirmed_at IS NULL AND c.cancelled_at IS NULL AND u.is_active AND u.deleted_at IS NULL
        """;

    public const string Confirmed = """
        SELECT c.old_email, c.new_email, c.confirmed_at, u.username FROM email_changes c JOIN users u ON u.id = c.user_id
         WHERE c.id = @changeId AND c.confirmed_at IS NOT NULL AND c.reverted_at IS NULL AND u.is_active AND u.deleted_at IS NULL
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

    /// <summary>A change undone from its old address (EmailRevertApi): the address it restored, with whom to mail.</summary>
    public const string Reverted = """
        SELECT c.old_email, c.new_email, c.confirmed_at, u.username FROM email_changes c JOIN users u ON u.id = c.user_id
         WHERE c.id = @changeId AND c.reverted_at IS NOT NULL AND u.deleted_at IS NULL
        """;

    public const string InsertRevertLink = """
        INSERT INTO email_change_reverts (id, email_change_id, token_hash, created_at, expires_at) VALUES (@id, @changeId, @tokenHash, @now, @expiresAt)
        """;

    /// <summary>
    /// An unspent, unexpired revert link of a change not yet undone, for an account its owner could still log into
    /// (UsersSql.Loginable: suspended, or deleted and still restorable, too — a taker may have done either).
    /// </summary>
    public static readonly string FindRevertLink = $"""
        SELECT r.id, c.id AS change_id, users.id AS user_id, users.username, c.old_email
          FROM email_change_reverts r JOIN email_changes c ON c.id = r.email_change_id JOIN users ON users.id = c.user_id
         WHERE r.token_hash = @tokenHash AND r.used_at IS NULL AND r.expires_at > @now AND c.reverted_at IS NULL
           AND {UsersSql.Loginable}
        """;

    /// <summary>Spends the link; concurrent uses queue on its row and the first wins.</summary>
    public const string SpendRevertLink = "UPDATE email_change_reverts SET used_at = @now WHERE id = @id AND used_at IS NULL AND expires_at > @now";

    /// <summary>Marks the change undone, once (two links of one change: the first used wins); answers the address to restore.</summary>
    public const string MarkReverted = """
        UPDATE email_changes SET reverted_at = @now WHERE id = @changeId AND confirmed_at IS NOT NULL AND reverted_at IS NULL RETURNING old_email
        """;

    /// <summary>
    /// The links of the account's changes confirmed after the one undone: a taker who moved the account on again mailed them
    /// to an address the taker reads, and would undo the owner's revert with them. Earlier changes' links stay: a taker's
    /// revert of a later change must not kill the owner's link.
    /// </summary>
    public const string SpendLaterRevertLinks = """
        UPDATE email_change_reverts r SET used_at = @now
          FROM email_changes undone, email_changes later
         WHERE undone.id = @changeId AND later.user_id = undone.user_id
           AND later.confirmed_at > undone.confirmed_at AND r.email_change_id = later.id AND r.used_at IS NULL
        """;

    /// <summary>The old address back (verified: the link proves its reader has it) and the new password.</summary>
    public const string Restore = """
        UPDATE users SET email = lower(@oldEmail), email_verified_at = @now, hashed_password = @hashedPassword, updated_at = @now WHERE id = @userId
        """;
}

internal sealed class RevertLink
{
    public Guid Id { get; init; }
    public Guid ChangeId { get; init; }
    public Guid UserId { get; init; }
    public string Username { get; init; } = "";
    public string OldEmail { get; init; } = "";
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
    public DateTimeOffset ConfirmedAt { get; init; }
    public string Username { get; init; } = "";
}
