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

    private const string EnabledFactor = """
        SELECT secret_sealed, last_used_step FROM account_two_factor WHERE user_id = @userId AND enabled_at IS NOT NULL
        """;

    private const string UnusedRecoveryCode = """
        SELECT EXISTS (SELECT 1 FROM two_factor_recovery_codes WHERE user_id = @userId AND code_hash = @codeHash AND used_at IS NULL)
        """;

    /// <summary>True when <paramref name="code"/> is a valid, unused code of the account's enabled second factor; it is then spent.</summary>
    public async Task<bool> VerifyAsync(Guid userId, string code, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await FindUnusedAsync(conn, userId, code, ct) is { } found && await SpendAsync(conn, null, found, ct);
    }

    /// <summary>
    /// The code, when it is a valid one of the account's enabled second factor that no request has spent yet; not spent here.
    /// A change spends it in its own transaction (<see cref="SpendAsync"/>), so a change that ends refused leaves it unspent.
    /// </summary>
    internal async Task<UnspentCode?> FindUnusedAsync(Guid userId, string code, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await FindUnusedAsync(conn, userId, code, ct);
    }

    private async Task<UnspentCode?> FindUnusedAsync(NpgsqlConnection conn, Guid userId, string code, CancellationToken ct)
    {
        var trimmed = code.Trim().Replace(" ", "");
        if (trimmed.Length == Totp.Digits)
        {
            var factor = await conn.QuerySingleOrDefaultAsync<(byte[] Sealed, long? LastUsedStep)?>(new CommandDefinition(EnabledFactor, new { userId },
                cancellationToken: ct));
            if (factor is not { } enabled || box.Open(enabled.Sealed) is not { } secret) return null;
            return Totp.Match(secret, trimmed, time.GetUtcNow()) is { } step && (enabled.LastUsedStep is not { } used || used < step)
                ? new UnspentCode(userId, step, null)
                : null;
        }
        var recovery = trimmed.ToLowerInvariant();
        if (recovery.Length == 8 && !recovery.Contains('-')) recovery = $"{recovery[..4]}-{recovery[4..]}"; // typed without its dash
        var codeHash = SecretToken.Hash(recovery);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(UnusedRecoveryCode, new { userId, codeHash }, cancellationToken: ct))
            ? new UnspentCode(userId, null, codeHash)
            : null;
    }

    /// <summary>
    /// Spends a code found unused, in <paramref name="tx"/> when given: false when another request spent it (or a later step)
    /// meanwhile. The conditional UPDATE holds the row until the transaction ends, so of two requests with one code one wins.
    /// </summary>
    internal async Task<bool> SpendAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, UnspentCode code, CancellationToken ct) =>
        await conn.ExecuteAsync(code.Step is { } step
            ? new CommandDefinition(UseStep, new { code.UserId, step }, tx, cancellationToken: ct)
            : new CommandDefinition(UseRecoveryCode, new { code.UserId, codeHash = code.RecoveryCodeHash, now = time.GetUtcNow() }, tx,
                cancellationToken: ct)) == 1;

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

/// <summary>A code found valid and unused, not spent yet: the TOTP step it is of, or the hash of the recovery code.</summary>
internal sealed record UnspentCode(Guid UserId, long? Step, string? RecoveryCodeHash);
