namespace Fowergram.Features.Accounts;

/// <summary>SQL over <c>refresh_tokens</c> and <c>login_throttles</c>.</summary>
internal static class SessionsSql
{
    public const string Insert = """
        INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at, device, family_started_at, family_key_hash)
        VALUES (@id, @userId, @familyId, @tokenHash, @now, @expiresAt, @device, @startedAt, @familyKeyHash)
        """;

    /// <summary>
    /// Rotations and endings of one account's sessions take turns on this lock. An ending's UPDATE sees only the tokens
    /// committed when it began: a rotation in flight (its old token claimed, its new one not yet committed) would leave the
    /// new token out, and the session would live on behind "log out". Transaction-scoped; a hash collision only makes two
    /// accounts wait for each other.
    /// </summary>
    public const string LockSessionsOfUser = "SELECT pg_advisory_xact_lock(hashtext('account_sessions'), hashtext(@userId::text))";

    /// <summary>The same lock, of the account a token belongs to (by its hash, or by its family's key once pruned); none for an unknown token.</summary>
    public const string LockSessionsOfToken = """
        SELECT pg_advisory_xact_lock(hashtext('account_sessions'), hashtext(t.user_id::text))
          FROM (SELECT coalesce((SELECT user_id FROM refresh_tokens WHERE token_hash = @tokenHash),
                                (SELECT user_id FROM refresh_tokens WHERE family_key_hash = @familyKeyHash AND revoked_at IS NULL LIMIT 1)) AS user_id) t
         WHERE t.user_id IS NOT NULL
        """;

    /// <summary>
    /// Claims a live token for rotation. The row lock makes parallel refreshes of one token queue up;
    /// after the first commits, the others re-check <c>rotated_at IS NULL</c>, match nothing, and lose.
    /// </summary>
    public const string Claim = """
        UPDATE refresh_tokens AS rt SET rotated_at = @now
        FROM users AS u
        WHERE rt.token_hash = @tokenHash AND rt.rotated_at IS NULL AND rt.revoked_at IS NULL AND rt.expires_at > @now
          AND u.id = rt.user_id AND u.is_active AND u.deleted_at IS NULL
        RETURNING rt.id, rt.user_id, rt.family_id, u.username, rt.device, rt.family_started_at, rt.family_key_hash IS NOT NULL AS has_family_key
        """;

    public const string LinkSuccessor = "UPDATE refresh_tokens SET replaced_by = @successor WHERE id = @id";

    public const string Find = """
        SELECT id, family_id, rotated_at, revoked_at FROM refresh_tokens WHERE token_hash = @tokenHash
        """;

    /// <summary>The live family whose tokens carry this key (refresh_tokens_family_key): a token under no hash but a family's key was pruned.</summary>
    public const string FamilyOfKey = """
        SELECT family_id FROM refresh_tokens WHERE family_key_hash = @familyKeyHash AND revoked_at IS NULL LIMIT 1
        """;

    public const string RevokeFamily = """
        UPDATE refresh_tokens SET revoked_at = @now WHERE family_id = @familyId AND revoked_at IS NULL
        """;

    /// <summary>The family of the token, found by its hash or, once its row was pruned, by the family's key (as <see cref="FamilyOfKey"/>).</summary>
    public const string RevokeFamilyOfToken = """
        UPDATE refresh_tokens SET revoked_at = @now
        WHERE family_id = coalesce((SELECT family_id FROM refresh_tokens WHERE token_hash = @tokenHash),
                                   (SELECT family_id FROM refresh_tokens WHERE family_key_hash = @familyKeyHash AND revoked_at IS NULL LIMIT 1))
          AND revoked_at IS NULL
        """;

    /// <summary>The device (by the name its client gives, or none) already has a live session of the account's (refresh_tokens_user).</summary>
    public const string DeviceHasSession = """
        SELECT EXISTS (SELECT 1 FROM refresh_tokens
                        WHERE user_id = @userId AND revoked_at IS NULL AND expires_at > @now AND device IS NOT DISTINCT FROM @device)
        """;

    /// <summary>The session (refresh-token family) is the account's and live: a token of it unrevoked and unexpired, as <see cref="Live"/> lists it.</summary>
    public const string IsLive = """
        SELECT EXISTS (SELECT 1 FROM refresh_tokens
                        WHERE family_id = @familyId AND user_id = @userId AND revoked_at IS NULL AND expires_at > @now)
        """;

    public const string RevokeAllOfUser = """
        UPDATE refresh_tokens SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL
        """;

    public const string RevokeFamilyOfUser = """
        UPDATE refresh_tokens SET revoked_at = @now
         WHERE family_id = @familyId AND user_id = @userId AND revoked_at IS NULL AND expires_at > @now
        """;

    public const string RevokeOthersOfUser = """
        UPDATE refresh_tokens SET revoked_at = @now
         WHERE user_id = @userId AND revoked_at IS NULL AND family_id IS DISTINCT FROM @current::uuid
        """;

    /// <summary>
    /// The account's live sessions (families with an unrevoked, unexpired token; refresh_tokens_user), most recently used
    /// first: the device that opened each, when it began (every token carries its family's start: old tokens are pruned)
    /// and was last refreshed (its newest token), and when it ends.
    /// </summary>
    public const string Live = """
        SELECT family_id AS id, (array_agg(device ORDER BY created_at DESC))[1] AS device, min(family_started_at) AS started_at,
               max(created_at) AS last_active_at, max(expires_at) AS expires_at
          FROM refresh_tokens WHERE user_id = @userId AND revoked_at IS NULL
         GROUP BY family_id HAVING max(expires_at) > @now
         ORDER BY max(created_at) DESC, family_id DESC LIMIT 100
        """;

    /// <summary>
    /// Counts the attempt before the password is checked, atomically, so parallel guesses cannot slip
    /// past the limit. A finished lock or an elapsed window starts a fresh window; an attempt beyond the
    /// limit locks at once. All SET expressions see the row as it was.
    /// </summary>
    public static readonly string BeginAttempt = BeginAttemptIn("login_throttles", "user_id", "@userId");

    public static readonly string LockIfExhausted = LockIfExhaustedIn("login_throttles", "user_id", "@userId");

    /// <summary>The same count of a login that names no account, by the login's hash (unknown_login_throttles, migration 0243).</summary>
    public static readonly string BeginUnknownAttempt = BeginAttemptIn("unknown_login_throttles", "subject", "@subject");

    public static readonly string LockUnknownIfExhausted = LockIfExhaustedIn("unknown_login_throttles", "subject", "@subject");

    // One text for both tables, so that a login naming no account is counted and locked exactly as an account's. Table and
    // column are the constants above, never input.
    private static string BeginAttemptIn(string table, string key, string parameter) => $"""
        INSERT INTO {table} AS t ({key}, failure_count, window_starts_at, locked_until)
        VALUES ({parameter}, 1, @now, NULL)
        ON CONFLICT ({key}) DO UPDATE SET
            failure_count = CASE WHEN t.locked_until > @now THEN t.failure_count
                                 WHEN t.locked_until IS NOT NULL OR t.window_starts_at <= @windowStart THEN 1
                                 ELSE t.failure_count + 1 END,
            window_starts_at = CASE WHEN t.locked_until > @now THEN t.window_starts_at
                                    WHEN t.locked_until IS NOT NULL OR t.window_starts_at <= @windowStart THEN @now
                                    ELSE t.window_starts_at END,
            locked_until = CASE WHEN t.locked_until > @now THEN t.locked_until
                                WHEN t.locked_until IS NOT NULL OR t.window_starts_at <= @windowStart THEN NULL
                                WHEN t.failure_count + 1 > @maxFailures THEN @lockUntil
                                ELSE NULL END
        RETURNING failure_count, locked_until
        """;

    private static string LockIfExhaustedIn(string table, string key, string parameter) => $"""
        UPDATE {table} SET locked_until = @lockUntil
        WHERE {key} = {parameter} AND failure_count >= @maxFailures AND (locked_until IS NULL OR locked_until < @lockUntil)
        """;

    public const string ClearThrottle = "DELETE FROM login_throttles WHERE user_id = @userId";

    /// <summary>One attempt fewer, while the account is not locked (a lock stands for its window).</summary>
    public const string TakeBackAttempt = """
        UPDATE login_throttles SET failure_count = failure_count - 1
         WHERE user_id = @userId AND failure_count > 0 AND locked_until IS NULL
        """;
}

internal sealed class ClaimedToken
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public Guid FamilyId { get; init; }
    public string Username { get; init; } = "";
    public string? Device { get; init; }
    public DateTimeOffset FamilyStartedAt { get; init; }
    /// <summary>False for a family opened before migration 0207: its tokens carry no key until this rotation gives it one.</summary>
    public bool HasFamilyKey { get; init; }
}

internal sealed class SessionRow
{
    public Guid Id { get; init; }
    public string? Device { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset LastActiveAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

internal sealed class StoredToken
{
    public Guid Id { get; init; }
    public Guid FamilyId { get; init; }
    public DateTimeOffset? RotatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

internal sealed class ThrottleState
{
    public int FailureCount { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
}
