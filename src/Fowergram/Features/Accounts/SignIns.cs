using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// What every way of proving who one is (the password with its code, a passkey) does once the proof is accepted: a
/// suspended account is told so (403), and anyone else gets the login throttle cleared, a deleted account restored within
/// its grace, a login alert for a new device and the session's token pair (docs/accounts.md "Logging in", "Passkeys").
/// </summary>
public sealed class SignIns(NpgsqlDataSource db, Sessions sessions, LoginThrottle throttle, Credentials credentials, TrustedDevices trustedDevices,
    TimeProvider time)
{
    /// <summary>
    /// The 403 of a suspended account, or null. Said only to someone who proved to be its owner: to anyone else a suspended
    /// account is a wrong login like any other. That proof is no wrong guess (LoginThrottle.ProvenButRefusedAsync), so the
    /// owner's retries never hide the suspension behind a 429 nor keep the owner from appealing. <paramref name="fullProof"/>:
    /// a passkey, or the password of an account without two-factor (with it, the code is asked after this answer).
    /// </summary>
    internal async Task<IResult?> RefusedAsync(LoginAccount account, bool fullProof, CancellationToken ct)
    {
        if (!await credentials.StillSuspendedAsync(account, ct)) return null;
        await throttle.ProvenButRefusedAsync(account.Id, codeUntried: !fullProof, ct);
        return Suspended(account);
    }

    /// <summary>
    /// Signs the owner in: <paramref name="newHash"/> replaces a password hash made at a lower cost (only if it is still the
    /// one verified), and <paramref name="trust"/> makes this device skip the two-factor code from now on.
    /// </summary>
    internal async Task<IResult> CompleteAsync(HttpRequest request, LoginAccount account, string? newHash, bool trust, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await throttle.ClearAsync(conn, null, account.Id, ct);
        if (account.DeletedAt is not null &&
            await conn.ExecuteAsync(new CommandDefinition(UsersSql.Restore, new { account.Id, now = time.GetUtcNow() }, cancellationToken: ct)) == 0)
            return Credentials.Invalid(); // the purge began between the read and now
        var proved = account.HashedPassword;
        if (newHash is not null && await conn.ExecuteAsync(new CommandDefinition(UsersSql.Rehash,
                new { account.Id, newHash, oldHash = account.HashedPassword }, cancellationToken: ct)) == 1)
            proved = newHash;
        var device = Sessions.DeviceOf(request);
        if (await StartSessionAsync(conn, account, proved, device, ct) is not { } pair) return Credentials.Invalid();
        var (deviceToken, deviceTokenExpiresAt) = trust ? await trustedDevices.TrustAsync(conn, account.Id, device, ct) : default;
        return Api.Ok(new LoginResponse(pair.AccessToken, pair.AccessTokenExpiresAt, pair.RefreshToken, pair.RefreshTokenExpiresAt,
            deviceToken, trust ? deviceTokenExpiresAt : null));
    }

    /// <summary>
    /// Starts the session; a device with no live session of the account's gets its owner told by mail, raised in the same
    /// transaction (docs/accounts.md "Login alerts"). Null when the password is no longer <paramref name="proved"/>, the hash
    /// this sign-in read: a change, reset or revert committed since ended every session, and this one must not outlive it.
    /// </summary>
    private async Task<TokenPair?> StartSessionAsync(NpgsqlConnection conn, LoginAccount account, string proved, string? device, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(StillProved, new { account.Id, proved }, tx, cancellationToken: ct)))
            return null;
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(SessionsSql.DeviceHasSession, new { userId = account.Id, device, now }, tx,
                cancellationToken: ct)))
            await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.NewDeviceLogin, account.Id, new NewDeviceLoginPayload(account.Id, device, now), ct);
        var pair = await sessions.StartAsync(conn, tx, account.Id, account.Username, device, ct);
        await tx.CommitAsync(ct);
        return pair;
    }

    /// <summary>
    /// FOR SHARE: a password change waits for this session to commit (its ending then sees it), or this waits for the change
    /// and reads the new hash.
    /// </summary>
    private const string StillProved = "SELECT EXISTS (SELECT 1 FROM users WHERE id = @id AND hashed_password = @proved FOR SHARE)";

    /// <summary>The 403 of a suspended account: until when, and where its appeal stands (docs/moderation.md "Appeals").</summary>
    private static IResult Suspended(LoginAccount account)
    {
        var what = account.SuspendedUntil is { } end
            ? $"This account is suspended until {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC."
            : "This account is suspended; it cannot be used until a moderator lifts the suspension.";
        var appeal = account.AppealStatus switch
        {
            "open" => " Your appeal is being reviewed.",
            "upheld" => " Your appeal was reviewed and the suspension stands.",
            _ => " If you think this is a mistake, you can appeal once (POST /api/v1/auth/appeals).",
        };
        return Problems.Forbidden(what + appeal);
    }
}
