using Fowergram.Platform.Content;

namespace Fowergram.Features.Accounts;

/// <summary>The SQL of passkeys and their challenges (migration 0188).</summary>
internal static class PasskeysSql
{
    // An account has one registration under way at most: asking again replaces it, so only the newest options work.
    public const string NewChallenge = """
        DELETE FROM passkey_challenges WHERE @purpose = 'registration' AND user_id = @userId AND purpose = 'registration';
        INSERT INTO passkey_challenges (id, purpose, user_id, challenge, created_at, expires_at)
        VALUES (@id, @purpose, @userId, @challenge, @now, @expiresAt);
        """;

    // Spent by the attempt that names it, whatever comes of the attempt: a challenge is never answered twice.
    public const string TakeChallenge = """
        DELETE FROM passkey_challenges WHERE id = @id AND purpose = @purpose RETURNING user_id, challenge, expires_at
        """;

    public const string Descriptors = """
        SELECT credential_id, transports FROM passkeys WHERE user_id = @userId ORDER BY created_at, id
        """;

    public const string Count = "SELECT count(*) FROM passkeys WHERE user_id = @userId";

    // Registrations of one account take turns, so two at once cannot both pass the cap's count.
    public const string LockOwner = "SELECT true FROM users WHERE id = @userId AND is_active AND deleted_at IS NULL FOR NO KEY UPDATE";

    public const string Exists = "SELECT EXISTS (SELECT 1 FROM passkeys WHERE credential_id = @credentialId)";

    private const string ViewColumns = "id, name, aaguid, transports, backed_up AS synced, created_at, last_used_at";

    public const string Insert = $"""
        INSERT INTO passkeys (id, user_id, credential_id, public_key, sign_count, aaguid, transports, backed_up, name, created_at)
        VALUES (@id, @userId, @credentialId, @publicKey, @signCount, @aaguid, @transports, @backedUp, @name, @now)
        RETURNING {ViewColumns}
        """;

    public const string List = $"SELECT {ViewColumns} FROM passkeys WHERE user_id = @userId ORDER BY created_at, id";

    /// <summary>
    /// One row: whether the owner's account is live (<see cref="LiveCaller"/>: a gone account renames nothing), then the renamed
    /// key's view, all null when nothing was renamed.
    /// </summary>
    public static readonly string Rename = $"""
        WITH {LiveCaller.Cte("@userId")}, renamed AS (
            UPDATE passkeys SET name = @name WHERE id = @id AND user_id = @userId AND {LiveCaller.IsLive} RETURNING {ViewColumns})
        SELECT {LiveCaller.IsLive} AS live, renamed.* FROM (VALUES (1)) AS one LEFT JOIN renamed ON true
        """;

    public const string Delete = "DELETE FROM passkeys WHERE id = @id AND user_id = @userId";

    /// <summary>An account whose e-mail change was undone loses the passkeys too: the taker may have added one.</summary>
    public const string DeleteAll = "DELETE FROM passkeys WHERE user_id = @userId";

    public const string ForSignIn = "SELECT id, user_id, public_key, sign_count FROM passkeys WHERE credential_id = @credentialId";

    // The counter must grow, unless the authenticator keeps none (0 then, and always). Checked again here, against the row as
    // it is now, so two sign-ins with one answer's counter cannot both pass (WebAuthn §7.2 step 22: a possible clone).
    public const string Use = """
        UPDATE passkeys SET sign_count = @signCount, backed_up = @backedUp, last_used_at = greatest(@now, created_at)
         WHERE id = @id AND (sign_count < @signCount OR (sign_count = 0 AND @signCount = 0))
        """;
}

/// <summary>A challenge as it was taken: whose it is (a sign-in's may be nobody's), the bytes, and until when it was good.</summary>
internal sealed record TakenChallenge(Guid? UserId, byte[] Challenge, DateTimeOffset ExpiresAt);

internal sealed class StoredDescriptor
{
    public byte[] CredentialId { get; init; } = [];
    public string[] Transports { get; init; } = [];
}

internal sealed record StoredPasskey(Guid Id, Guid UserId, byte[] PublicKey, long SignCount);
