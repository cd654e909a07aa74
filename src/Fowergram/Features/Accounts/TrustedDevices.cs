using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Devices that skip the two-factor code (docs/accounts.md "Trusted devices", migration 0171): a login that passed the
/// code with trustDevice gets a device token; the password and that token sign in again without a code until it expires.
/// The token only stands in for the code: the password is asked every time and every attempt is throttled as before.
/// </summary>
public sealed class TrustedDevices(NpgsqlDataSource db, TimeProvider time)
{
    public const int MaxPerAccount = 20;
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);

    // Only while the factor is on, and under its row's lock until the login commits: turning it off deletes that row first
    // (TwoFactorApi.Remove), so it either waits for this login and then deletes the device with the factor, or this waits for it
    // and finds no factor to trust a device for. Before 2026-12-07 a login whose code was checked just before two-factor went off
    // stored a device that outlived the factor and skipped the code of the next one. The newest kept, the least recently used
    // beyond the cap forgotten, in the command's second statement. The lock is NO KEY UPDATE, not KEY SHARE, so that two trusts
    // of one account take turns and the second prunes with the first's device in sight: sharing it, each pruned the same
    // oldest row and the account kept one device more than the cap per trust at the same time (until 2026-12-07).
    private const string Trust = """
        WITH factor AS (
            SELECT user_id FROM account_two_factor WHERE user_id = @userId AND enabled_at IS NOT NULL FOR NO KEY UPDATE
        ), trusted AS (
            INSERT INTO two_factor_trusted_devices (id, user_id, token_hash, device, created_at, last_used_at, expires_at)
            SELECT @id, user_id, @tokenHash, @device, @now, @now, @expiresAt FROM factor
            RETURNING id
        )
        SELECT count(*) FROM trusted;
        DELETE FROM two_factor_trusted_devices WHERE id IN (
            SELECT id FROM two_factor_trusted_devices WHERE user_id = @userId
             ORDER BY last_used_at DESC, id DESC OFFSET @max);
        """;

    private const string Use = """
        UPDATE two_factor_trusted_devices SET last_used_at = greatest(last_used_at, @now)
         WHERE user_id = @userId AND token_hash = @tokenHash AND expires_at > @now
        """;

    internal const string List = """
        SELECT id, device, created_at, last_used_at, expires_at FROM two_factor_trusted_devices
         WHERE user_id = @userId AND expires_at > @now ORDER BY last_used_at DESC, id DESC
        """;

    internal const string Forget = "DELETE FROM two_factor_trusted_devices WHERE user_id = @userId AND id = @id";

    internal const string ForgetAll = "DELETE FROM two_factor_trusted_devices WHERE user_id = @userId";

    /// <summary>
    /// Trusts the device of a login that just passed the code: its token, shown once, and when it expires; null when two-factor
    /// was turned off since the code was checked (the login stands, no device is trusted for a factor that is gone).
    /// </summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)?> TrustAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, string? device,
        CancellationToken ct)
    {
        var token = SecretToken.New();
        var now = Timestamps.Now(time);
        var expiresAt = now + Lifetime;
        var trusted = await conn.ExecuteScalarAsync<long>(new CommandDefinition(Trust, new
        {
            id = Ids.New(time), userId, tokenHash = SecretToken.Hash(token), device, now, expiresAt, max = MaxPerAccount,
        }, tx, cancellationToken: ct));
        return trusted == 1 ? (token, expiresAt) : null;
    }

    /// <summary>True when <paramref name="token"/> is one of the account's unexpired device tokens; its last use is then now.</summary>
    public async Task<bool> UseAsync(Guid userId, string? token, CancellationToken ct)
    {
        if (!SecretToken.IsWellFormed(token)) return false;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(Use, new { userId, tokenHash = SecretToken.Hash(token!), now = Timestamps.Now(time) },
            cancellationToken: ct)) == 1;
    }

    /// <summary>Forgets every trusted device of the account: two-factor turned off, or the password replaced.</summary>
    public static Task ForgetAllAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(ForgetAll, new { userId }, tx, cancellationToken: ct));
}
