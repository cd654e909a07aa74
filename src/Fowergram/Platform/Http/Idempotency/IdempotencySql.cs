namespace Fowergram.Platform.Http.Idempotency;

/// <summary>The idempotency_keys statements (migration 0258), each its own short autocommit statement.</summary>
internal static class IdempotencySql
{
    // A new key, or one whose row outlived its 24 hours (not yet pruned) or whose first request's lease ran out (its process
    // died before it could keep or release the key): the caller runs the request. Otherwise no row comes back and the
    // caller reads the row that holds the key. A concurrent claim of the same key waits here for the first one's insert to
    // commit, then finds its row.
    public const string Claim = """
        INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, created_at, expires_at, locked_until)
        VALUES (@userId, @key, @fingerprint, @now, @expiresAt, @lockedUntil)
        ON CONFLICT (user_id, idempotency_key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
               locked_until = EXCLUDED.locked_until, response_status = NULL, response_headers = NULL, response_body = NULL
         WHERE idempotency_keys.expires_at <= @now OR idempotency_keys.locked_until <= @now
        RETURNING true
        """;

    public const string Find = """
        SELECT fingerprint, locked_until, response_status, response_headers::text AS response_headers, response_body
          FROM idempotency_keys
         WHERE user_id = @userId AND idempotency_key = @key AND expires_at > @now
        """;

    // Only the claim this request holds (its lease): a run that outlived its lease and was taken over keeps nothing.
    public const string Keep = """
        UPDATE idempotency_keys
           SET locked_until = NULL, response_status = @status, response_headers = @headers::jsonb, response_body = @body
         WHERE user_id = @userId AND idempotency_key = @key AND locked_until = @lockedUntil
        """;

    public const string Release = """
        DELETE FROM idempotency_keys WHERE user_id = @userId AND idempotency_key = @key AND locked_until = @lockedUntil
        """;
}
