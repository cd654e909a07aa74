using Dapper;
using Fowergram.Platform.Auth;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// An account's second factor (docs/accounts.md "Two-factor", migration 0123): a TOTP secret sealed in
/// account_two_factor, and ten single-use recovery codes kept as hashes. A code is the six digits of the current step (or
/// one either side), never a step already used, or a recovery code not used yet.
/// </summary>
public sealed class TwoFactor(NpgsqlDataSource db, SecretBox box, TimeProvider time)
{
    public const int RecoveryCodeCount = 10;

    private const string Secret = "SELECT secret_sealed FROM account_two_factor WHERE user_id = @userId AND (enabled_at IS NOT NULL) = @enabled";

    // The step moves forward only: of two requests with the same code, one wins.
    private const string UseStep = """
        UPDATE account_two_factor SET last_used_step = @step
         WHERE user_id = @userId AND enabled_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < @step)
        """;

    private const string UseRecoveryCode = """
        UPDATE two_factor_recovery_codes SET used_at = @now WHERE user_id = @userId AND code_hash = @codeHash AND used_at IS NULL
        """;

    /// <summary>True when <paramref name="code"/> is a valid, unused code of the account's enabled second factor; it is then spent.</summary>
    public async Task<bool> VerifyAsync(Guid userId, string code, CancellationToken ct)
    {
        var trimmed = code.Trim().Replace(" ", "");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (trimmed.Length == Totp.Digits)
        {
            if (await SecretAsync(conn, null, userId, enabled: true, ct) is not { } secret) return false;
            return Totp.Match(secret, trimmed, time.GetUtcNow()) is { } step
                && await conn.ExecuteAsync(new CommandDefinition(UseStep, new { userId, step }, cancellationToken: ct)) == 1;
        }
        var recovery = trimmed.ToLowerInvariant();
        if (recovery.Length == 8 && !recovery.Contains('-')) recovery = $"{recovery[..4]}-{recovery[4..]}"; // typed without its dash
        return await conn.ExecuteAsync(new CommandDefinition(UseRecoveryCode,
            new { userId, codeHash = SecretToken.Hash(recovery), now = time.GetUtcNow() }, cancellationToken: ct)) == 1;
    }

    /// <summary>The account's secret, enabled or pending as asked; null when there is none or it no longer opens (the signing key changed).</summary>
    internal async Task<byte[]?> SecretAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, bool enabled, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<byte[]?>(new CommandDefinition(Secret, new { userId, enabled }, tx, cancellationToken: ct)) is { } sealedSecret
            ? box.Open(sealedSecret)
            : null;

    /// <summary>A recovery code: eight letters and digits in two groups, easy to read out and type (about 41 bits each).</summary>
    internal static string NewRecoveryCode()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i
        var chars = System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(alphabet, 8);
        return $"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}";
    }
}
