using System.Security.Cryptography;
using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// The server's side of every WebAuthn ceremony (docs/accounts.md "Passkeys"): 32 random bytes, kept for
/// <see cref="PasskeyRelyingParty.ChallengeLifetime"/>, bound to a purpose (and to an account when one is known), and deleted
/// by the one attempt that names it. Nothing a client echoes back is trusted as the challenge: the stored bytes are.
/// </summary>
public sealed class PasskeyChallenges(NpgsqlDataSource db, TimeProvider time)
{
    public const string Registration = "registration";
    public const string SignIn = "sign_in";

    internal async Task<(Guid Id, byte[] Challenge)> IssueAsync(string purpose, Guid? userId, CancellationToken ct)
    {
        var id = Ids.New(time);
        var challenge = RandomNumberGenerator.GetBytes(PasskeyRelyingParty.ChallengeBytes);
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(PasskeysSql.NewChallenge,
            new { id, purpose, userId, challenge, now, expiresAt = now + PasskeyRelyingParty.ChallengeLifetime }, cancellationToken: ct));
        return (id, challenge);
    }

    /// <summary>Spends the challenge; null when it is unknown, of another purpose, already spent or expired.</summary>
    internal async Task<TakenChallenge?> TakeAsync(Guid id, string purpose, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var taken = await conn.QuerySingleOrDefaultAsync<TakenChallenge>(new CommandDefinition(PasskeysSql.TakeChallenge,
            new { id, purpose }, cancellationToken: ct));
        return taken is not null && taken.ExpiresAt > time.GetUtcNow() ? taken : null;
    }
}
