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
    /// one verified), and <paramref name="trust"/> makes this device skip the two-factor code from now on. One transaction,
    /// opened by holding the account's row while its password is still the one this sign-in proved (<see cref="StillProved"/>):
    /// a password change, reset or revert committed since ended every session, so nothing of this sign-in may happen — no
    /// session, no restored account, no trusted device. Before, the restore and the device's trust were written outside it,
    /// and outlived a refusal or the change that should have ended them.
    /// </summary>
    internal async Task<IResult> CompleteAsync(HttpRequest request, LoginAccount account, string? newHash, bool trust, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await throttle.ClearAsync(conn, null, account.Id, ct);
        var now = time.GetUtcNow();
        var device = Sessions.DeviceOf(request);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // A sign-in that writes the row (a restore, a rehash) holds it for that from the start: two of them holding it FOR SHARE
        // would each wait for the other's share to write.
        var stillProved = account.DeletedAt is not null || newHash is not null ? StillProved + " FOR NO KEY UPDATE" : StillProved + " FOR SHARE";
        var state = await conn.QuerySingleOrDefaultAsync<AccountState>(new CommandDefinition(stillProved, new { account.Id, proved = account.HashedPassword },
            tx, cancellationToken: ct));
        // Gone is the password proved, the account suspended, deleted since it was read, or its purge begun: a wrong login.
        if (state is null || state.Purging || (state.Deleted && account.DeletedAt is null)) return Credentials.Invalid();
        if (state.Deleted) // within its grace, not purging, and held: the restore takes (another sign-in may have restored it already)
            await conn.ExecuteAsync(new CommandDefinition(UsersSql.Restore, new { account.Id, now }, tx, cancellationToken: ct));
        if (newHash is not null)
            await conn.ExecuteAsync(new CommandDefinition(UsersSql.Rehash, new { account.Id, newHash, oldHash = account.HashedPassword }, tx,
                cancellationToken: ct));
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(SessionsSql.DeviceHasSession, new { userId = account.Id, device, now }, tx,
                cancellationToken: ct)))
            await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.NewDeviceLogin, account.Id, new NewDeviceLoginPayload(account.Id, device, now), ct);
        var pair = await sessions.StartAsync(conn, tx, account.Id, account.Username, device, ct);
        var trusted = trust ? await trustedDevices.TrustAsync(conn, tx, account.Id, device, ct) : null;
        await tx.CommitAsync(ct);
        return Api.Ok(new LoginResponse(pair.AccessToken, pair.AccessTokenExpiresAt, pair.RefreshToken, pair.RefreshTokenExpiresAt,
            trusted?.Token, trusted?.ExpiresAt));
    }

    /// <summary>
    /// Locked (FOR SHARE, or FOR NO KEY UPDATE when the sign-in writes the row): a password change, deletion or suspension
    /// waits for this sign-in to commit (its ending then sees the session), or this waits for it and reads the account as it
    /// left it. A login alert for a
    /// new device is raised in the same transaction (docs/accounts.md "Login alerts").
    /// </summary>
    private const string StillProved = """
        SELECT deleted_at IS NOT NULL AS deleted, purge_started_at IS NOT NULL AS purging FROM users
         WHERE id = @id AND hashed_password = @proved AND is_active
        """;

    private sealed record AccountState(bool Deleted, bool Purging);

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
