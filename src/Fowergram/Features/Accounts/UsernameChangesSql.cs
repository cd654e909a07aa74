namespace Fowergram.Features.Accounts;

/// <summary>SQL over <c>username_changes</c> (migration 0136): the history, the change limit and the hold of old names.</summary>
internal static class UsernameChangesSql
{
    /// <summary>
    /// Transaction-scoped advisory locks on lower-cased usernames, taken by every rename (its old and new name) and every
    /// registration (its name) before they read whether a name is free, so a name being released and one being claimed take
    /// turns and the second reads what the first committed. Taken in key order (no two transactions wait for each other
    /// both ways); the first key, 0x756e616d ("unam"), keeps them apart from other advisory locks. A hash collision only
    /// makes two names wait for each other.
    /// </summary>
    public const string LockNames = """
        SELECT count(pg_advisory_xact_lock(1970168173, s.k)) FROM (
            SELECT DISTINCT hashtext(n) AS k FROM unnest(@names::text[]) AS n ORDER BY k) s
        """;

    /// <summary>
    /// The account's current name, its row locked: renames of one account take turns, so each counts the changes the one
    /// before it committed. NO KEY UPDATE, the lock the rename's UPDATE takes anyway, lets foreign-key checks through.
    /// </summary>
    public const string CurrentForUpdate = """
        SELECT username FROM users WHERE id = @id AND is_active AND deleted_at IS NULL FOR NO KEY UPDATE
        """;

    /// <summary>The account's changes since @since, oldest first (username_changes_user_recent, backwards).</summary>
    public const string ChangesSince = """
        SELECT changed_at FROM username_changes WHERE user_id = @id AND changed_at > @since ORDER BY changed_at
        """;

    /// <summary>
    /// Whether @username is another account's (deleted ones keep theirs) or held for another former owner since @since.
    /// @id is the claimant: null for a registration.
    /// </summary>
    public const string Claim = """
        SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = @username AND id IS DISTINCT FROM @id) AS taken,
               EXISTS (SELECT 1 FROM username_changes
                        WHERE old_username = @username AND changed_at > @since AND user_id IS DISTINCT FROM @id) AS held
        """;

    /// <summary>One change; its time is after the account's last one, even when the clock repeats (the history's order).</summary>
    public const string Record = """
        INSERT INTO username_changes (id, user_id, old_username, new_username, changed_at)
        SELECT @changeId, @id, @oldUsername, @newUsername,
               greatest(@now, (SELECT max(changed_at) + interval '1 microsecond' FROM username_changes WHERE user_id = @id))
        """;

    /// <summary>What "About this account" shows: the account, when @viewer may see its profile header (can_view_profile).</summary>
    public const string AboutByUsername = $"""
        SELECT {AboutColumns} FROM users u
        WHERE lower(u.username) = @username AND u.is_active AND u.deleted_at IS NULL AND can_view_profile(@viewer, u.id)
        """;

    public const string AboutById = $"""
        SELECT {AboutColumns} FROM users u
        WHERE u.id = @id AND u.is_active AND u.deleted_at IS NULL AND can_view_profile(@viewer, u.id)
        """;

    private const string AboutColumns = """
        u.id, u.username, u.is_verified, u.created_at,
        (SELECT count(*) FROM username_changes c WHERE c.user_id = u.id)::int AS former_username_count
        """;

    /// <summary>The owner's @limit newest former usernames, newest change first (username_changes_user_recent).</summary>
    public const string FormerUsernames = """
        SELECT old_username AS username, changed_at FROM username_changes WHERE user_id = @id ORDER BY changed_at DESC LIMIT @limit
        """;
}

internal sealed class AboutRow
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public bool IsVerified { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int FormerUsernameCount { get; init; }
}

internal sealed class FormerUsernameRow
{
    public string Username { get; init; } = "";
    public DateTimeOffset ChangedAt { get; init; }
}

internal sealed class NameClaim
{
    public bool Taken { get; init; }
    public bool Held { get; init; }
}
