namespace Fowergram.Features.Accounts;

/// <summary>SQL over <c>users</c>. Only active, undeleted accounts can be read, logged into or changed.</summary>
internal static class UsersSql
{
    internal const string Columns = """
        id, email, username, full_name, bio, avatar, phone_number, date_of_birth, gender, profile_category,
        external_links::text AS external_links, business_info::text AS business_info, is_private, is_verified,
        email_verified_at, created_at
        """;

    /// <summary>
    /// Deleted accounts keep their names: the unique indexes cover every row. A name given up within @heldSince is held
    /// for its former owner (username_changes, docs/accounts.md): taken too, for a new account. So is an address changed away
    /// from within @emailHeldSince (email_changes, migration 0145), held for its owner's revert link.
    /// </summary>
    public static readonly string Taken = $"""
        SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = @email)
               OR EXISTS (SELECT 1 FROM email_changes h WHERE {EmailChangesSql.HeldAddress("@email", "@emailHeldSince")}) AS email_taken,
               EXISTS (SELECT 1 FROM users WHERE lower(username) = @username)
               OR EXISTS (SELECT 1 FROM username_changes WHERE old_username = @username AND changed_at > @heldSince) AS username_taken
        """;

    public const string Insert = $"""
        INSERT INTO users (id, email, username, hashed_password, full_name, created_at, updated_at)
        VALUES (@id, @email, @username, @hashedPassword, @fullName, @now, @now)
        RETURNING {Columns}
        """;

    public const string Me = $"""
        SELECT {Columns} FROM users WHERE id = @id AND is_active AND deleted_at IS NULL
        """;

    /// <summary>The public profile: live, and visible to @viewer (null: anonymous) by the one visibility policy.</summary>
    public const string VisibleByUsername = $"""
        SELECT {Columns} FROM users
        WHERE lower(username) = @username AND is_active AND deleted_at IS NULL AND can_view_profile(@viewer, id)
        """;

    /// <summary>The same account by its id (the seed's GET /users/:id; a UUID can never be a username).</summary>
    public const string VisibleById = $"""
        SELECT {Columns} FROM users
        WHERE id = @id AND is_active AND deleted_at IS NULL AND can_view_profile(@viewer, id)
        """;

    public const string PrivacyForUpdate = """
        SELECT is_private FROM users WHERE id = @id AND is_active AND deleted_at IS NULL FOR UPDATE
        """;

    /// <summary>
    /// Live accounts, and deleted ones still restorable (deleted after @restorableAfter, purge not begun); suspended ones too
    /// (account_suspensions, migration 0111), which are told so once their password is right.
    /// </summary>
    internal const string Loginable = """
        (is_active OR EXISTS (SELECT 1 FROM account_suspensions s WHERE s.user_id = users.id))
        AND (deleted_at IS NULL OR (deleted_at > @restorableAfter AND purge_started_at IS NULL))
        """;

    private const string LoginColumns = """
        id, username, hashed_password, deleted_at,
        EXISTS (SELECT 1 FROM account_suspensions s WHERE s.user_id = users.id) AS suspended,
        (SELECT s.until FROM account_suspensions s WHERE s.user_id = users.id) AS suspended_until,
        (SELECT a.status FROM account_suspensions s JOIN suspension_appeals a ON a.suspension_id = s.id
          WHERE s.user_id = users.id) AS appeal_status,
        EXISTS (SELECT 1 FROM account_two_factor t WHERE t.user_id = users.id AND t.enabled_at IS NOT NULL) AS two_factor
        """;

    /// <summary>
    /// A temporary suspension that has ended is lifted by the login that finds it (migration 0116), not left for the
    /// suspension-expiry job: the row goes, the account is active again. True when it was lifted now.
    /// </summary>
    public const string LiftEndedSuspension = $"""
        WITH gone AS (DELETE FROM account_suspensions WHERE user_id = @id AND until <= @now RETURNING user_id),
        {Features.Moderation.SuspensionsSql.Activated}
        SELECT EXISTS (SELECT 1 FROM gone)
        """;

    public const string LoginByEmail = $"""
        SELECT {LoginColumns} FROM users WHERE lower(email) = @login AND {Loginable}
        """;

    public const string LoginByUsername = $"""
        SELECT {LoginColumns} FROM users WHERE lower(username) = @login AND {Loginable}
        """;

    /// <summary>The owner of a passkey, under the same rule as a login by name: who may sign in at all.</summary>
    public const string LoginById = $"""
        SELECT {LoginColumns} FROM users WHERE id = @id AND {Loginable}
        """;

    /// <summary>Logging in to a deleted account within the grace restores it, unless the purge began meanwhile.</summary>
    public const string Restore = """
        UPDATE users SET deleted_at = NULL, updated_at = @now WHERE id = @id AND deleted_at IS NOT NULL AND purge_started_at IS NULL
        """;

    /// <summary>Only replaces the hash that was verified, so a password reset racing the login wins.</summary>
    public const string Rehash = """
        UPDATE users SET hashed_password = @newHash WHERE id = @id AND hashed_password = @oldHash
        """;

    /// <summary>JSON merge-patch in one statement: each column changes only when its flag is set, so concurrent patches of different fields never undo each other.</summary>
    public const string Patch = $"""
        UPDATE users SET
            full_name        = CASE WHEN @setFullName THEN @fullName ELSE full_name END,
            bio              = CASE WHEN @setBio THEN @bio ELSE bio END,
            phone_number     = CASE WHEN @setPhoneNumber THEN @phoneNumber ELSE phone_number END,
            date_of_birth    = CASE WHEN @setDateOfBirth THEN @dateOfBirth::date ELSE date_of_birth END,
            gender           = CASE WHEN @setGender THEN @gender ELSE gender END,
            profile_category = CASE WHEN @setProfileCategory THEN @profileCategory ELSE profile_category END,
            external_links   = CASE WHEN @setExternalLinks THEN @externalLinks::jsonb ELSE external_links END,
            business_info    = CASE WHEN @setBusinessInfo THEN @businessInfo::jsonb ELSE business_info END,
            is_private       = CASE WHEN @setIsPrivate THEN @isPrivate ELSE is_private END,
            username         = CASE WHEN @setUsername THEN @username ELSE username END,
            updated_at       = @now
        WHERE id = @id AND is_active AND deleted_at IS NULL
        RETURNING {Columns}
        """;
}

/// <summary>A <c>users</c> row as the API reads it; JSON columns arrive as text.</summary>
internal sealed class UserRow
{
    public Guid Id { get; init; }
    public string Email { get; init; } = "";
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string Bio { get; init; } = "";
    public string? Avatar { get; init; }
    public string? PhoneNumber { get; init; }
    public DateTime? DateOfBirth { get; init; }
    public string? Gender { get; init; }
    public string ProfileCategory { get; init; } = "personal";
    public string ExternalLinks { get; init; } = "[]";
    public string? BusinessInfo { get; init; }
    public bool IsPrivate { get; init; }
    public bool IsVerified { get; init; }
    public DateTimeOffset? EmailVerifiedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class LoginAccount
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public string HashedPassword { get; init; } = "";
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>A moderator suspended the account (account_suspensions): it cannot log in until the suspension is lifted.</summary>
    public bool Suspended { get; init; }

    /// <summary>When a temporary suspension ends (null: until lifted, or none).</summary>
    public DateTimeOffset? SuspendedUntil { get; init; }

    /// <summary>Where the appeal of the current suspension stands (suspension_appeals.status); null when it was not appealed.</summary>
    public string? AppealStatus { get; init; }

    /// <summary>Two-factor sign-in is on: a login needs a code too (docs/accounts.md "Two-factor").</summary>
    public bool TwoFactor { get; init; }
}

internal sealed class TakenNames
{
    public bool EmailTaken { get; init; }
    public bool UsernameTaken { get; init; }
}
