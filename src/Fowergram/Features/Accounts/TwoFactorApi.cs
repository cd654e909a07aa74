using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Events;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Turning two-factor sign-in on and off (docs/accounts.md "Two-factor"): GET the state; POST with the password begins
/// enrolment (a new secret, shown once as base32 and as an otpauth URI for a QR code); POST /confirm with a first code
/// turns it on and answers the recovery codes, shown once; DELETE with the password and a code turns it off.
/// </summary>
public sealed class TwoFactorApi(NpgsqlDataSource db, AccessTokens tokens, Credentials credentials, TwoFactor twoFactor, SecretBox box,
    IOptions<AuthOptions> options, TimeProvider time)
{
    private const string State = """
        SELECT t.enabled_at, (SELECT count(*) FROM two_factor_recovery_codes c WHERE c.user_id = t.user_id AND c.used_at IS NULL) AS recovery_codes_left
          FROM account_two_factor t WHERE t.user_id = @userId AND t.enabled_at IS NOT NULL
        """;

    // A pending enrolment is replaced; an enabled factor is left alone (no row changes: the caller answers 409).
    private const string Begin = """
        INSERT INTO account_two_factor (user_id, secret_sealed, created_at) VALUES (@userId, @secret, @now)
        ON CONFLICT (user_id) DO UPDATE SET secret_sealed = excluded.secret_sealed, created_at = excluded.created_at, last_used_step = NULL
         WHERE account_two_factor.enabled_at IS NULL
        """;

    private const string Enable = """
        UPDATE account_two_factor SET enabled_at = @now, last_used_step = @step WHERE user_id = @userId AND enabled_at IS NULL
        """;

    private const string ReplaceRecoveryCodes = """
        DELETE FROM two_factor_recovery_codes WHERE user_id = @userId;
        INSERT INTO two_factor_recovery_codes (user_id, code_hash) SELECT @userId, h FROM unnest(@hashes) AS h;
        """;

    private const string LockEnabled = "SELECT true FROM account_two_factor WHERE user_id = @userId AND enabled_at IS NOT NULL FOR UPDATE";

    // A confirmation holds the enrolment while it checks the code: a new enrolment (Begin) waits, then finds the factor on
    // (409); one already writing makes the confirmation read its secret, which the code is not of.
    private const string LockEnrolment = "SELECT true FROM account_two_factor WHERE user_id = @userId FOR UPDATE";

    // Trusted devices skip a code that no longer exists: they go with it. The factor's row first: its lock is what a login
    // trusting a device holds while it writes (TrustedDevices.Trust), so a device is either trusted before and deleted here,
    // or finds the factor gone and is not trusted at all.
    internal const string Remove = """
        DELETE FROM account_two_factor WHERE user_id = @userId;
        DELETE FROM two_factor_trusted_devices WHERE user_id = @userId;
        DELETE FROM two_factor_recovery_codes WHERE user_id = @userId;
        """;

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var state = await conn.QuerySingleOrDefaultAsync<(DateTimeOffset EnabledAt, long RecoveryCodesLeft)?>(new CommandDefinition(State,
            new { userId = caller.UserId }, cancellationToken: ct));
        return Api.Ok(state is { } on ? new TwoFactorState(true, on.EnabledAt, on.RecoveryCodesLeft) : new TwoFactorState(false, null, null));
    }

    public async Task<IResult> Start(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<TwoFactorStartRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var (account, problem) = await credentials.CheckOwnerAsync(caller.UserId, body.Value!.Password, "password", ct);
        if (problem is not null) return problem;
        var secret = Totp.NewSecret();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await conn.ExecuteAsync(new CommandDefinition(Begin, new { userId = account!.Id, secret = box.Seal(secret), now = Timestamps.Now(time) },
                cancellationToken: ct)) == 0)
            return Problems.Conflict("Two-factor sign-in is already on; turn it off first to enrol another app.");
        return Api.Ok(new TwoFactorEnrolment(Totp.Base32(secret), Totp.Uri(options.Value.Issuer, account.Username, secret)));
    }

    public async Task<IResult> Confirm(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<TwoFactorCodeRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var code = (body.Value!.Code ?? "").Trim();
        if (code.Length == 0) return Problems.Validation("code", "This field is required.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tokens outlive accounts (docs/accounts.md "Sessions"): a gone account turns nothing on, enrolled or not.
        if (!await People.LockLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        await conn.ExecuteAsync(new CommandDefinition(LockEnrolment, new { userId = caller.UserId }, tx, cancellationToken: ct));
        if (await twoFactor.SecretAsync(conn, tx, caller.UserId, enabled: false, ct) is not { } secret)
            return Problems.Conflict("There is no enrolment to confirm: begin one with POST /api/v1/users/me/two-factor.");
        if (Totp.Match(secret, code, time.GetUtcNow()) is not { } step)
            return Problems.Validation("code", "The code is not the one the authenticator app shows now.");
        var codes = NewRecoveryCodes();
        if (await conn.ExecuteAsync(new CommandDefinition(Enable, new { userId = caller.UserId, now = Timestamps.Now(time), step }, tx,
                cancellationToken: ct)) == 0)
            return Problems.Conflict("Two-factor sign-in is already on.");
        await conn.ExecuteAsync(new CommandDefinition(ReplaceRecoveryCodes,
            new { userId = caller.UserId, hashes = codes.Select(SecretToken.Hash).ToArray() }, tx, cancellationToken: ct));
        // A new factor starts with no trusted device: one left from an earlier factor (trusted in the race that
        // TrustedDevices.Trust now closes, before 2026-12-07) must not skip this factor's code.
        await TrustedDevices.ForgetAllAsync(conn, tx, caller.UserId, ct);
        await NoticeAsync(conn, tx, caller.UserId, TwoFactorChange.On, ct);
        await tx.CommitAsync(ct);
        return Api.Ok(new TwoFactorRecoveryCodes(codes));
    }

    /// <summary>Off, with the password and a current code (or a recovery code): a stolen session alone cannot remove the factor.</summary>
    public async Task<IResult> Stop(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var (account, code, problem) = await CheckAsync(request, caller.UserId, ct);
        if (problem is not null) return problem;
        if (!account!.TwoFactorOn) return Problems.Validation("code", "Two-factor sign-in is off.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await StillProvedProblemAsync(conn, tx, account, ct) is { } stale) return stale;
        // Turned off by a concurrent request meanwhile: off is what was asked, and the owner was told once.
        if (!await LockEnabledAsync(conn, tx, account.Id, ct)) return Api.NoContent();
        if (await credentials.SpendAsync(conn, tx, code, ct) is { } used) return used;
        await conn.ExecuteAsync(new CommandDefinition(Remove, new { userId = account.Id }, tx, cancellationToken: ct));
        await NoticeAsync(conn, tx, account.Id, TwoFactorChange.Off, ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// Ten new recovery codes, with the password and a current code (or an unused recovery code), as turning it off asks: the
    /// codes before stop working. Under the factor's row lock, so that it cannot be turned off in between and leave codes
    /// without a factor.
    /// </summary>
    public async Task<IResult> RenewRecoveryCodes(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var (account, code, problem) = await CheckAsync(request, caller.UserId, ct);
        if (problem is not null) return problem;
        var codes = NewRecoveryCodes();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await StillProvedProblemAsync(conn, tx, account!, ct) is { } stale) return stale;
        if (!account!.TwoFactorOn || !await LockEnabledAsync(conn, tx, account.Id, ct))
            return Problems.Conflict("Two-factor sign-in is off: recovery codes come with turning it on.");
        if (await credentials.SpendAsync(conn, tx, code, ct) is { } used) return used;
        await conn.ExecuteAsync(new CommandDefinition(ReplaceRecoveryCodes,
            new { userId = account.Id, hashes = codes.Select(SecretToken.Hash).ToArray() }, tx, cancellationToken: ct));
        await NoticeAsync(conn, tx, account.Id, TwoFactorChange.RecoveryCodes, ct);
        await tx.CommitAsync(ct);
        return Api.Ok(new TwoFactorRecoveryCodes(codes));
    }

    /// <summary>
    /// The account's row, held until the change commits, with the password still the one checked: a password change, reset or
    /// revert that committed after the check replaced the proof (and ended the sessions), so the old password changes nothing
    /// (409, as the e-mail change, the password change and the deletion answer); 401 when the account is gone. A change that
    /// commits later waits for this row and finds the factor as this left it.
    /// </summary>
    private static async Task<IResult?> StillProvedProblemAsync(NpgsqlConnection conn, NpgsqlTransaction tx, PasswordAccount account, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<(string Email, bool StillProved)?>(new CommandDefinition(EmailChangesSql.LockAccount,
            new { userId = account.Id, proved = account.HashedPassword }, tx, cancellationToken: ct)) switch
        {
            null => Problems.AccountGone(),
            { StillProved: false } => Problems.Conflict("The password was changed meanwhile; sign in again with the new one."),
            _ => null,
        };

    private static async Task<bool> LockEnabledAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(LockEnabled, new { userId }, tx, cancellationToken: ct)) is true;

    /// <summary>
    /// The password and a code, both required, checked as one attempt under the login throttle; the code is handed back
    /// unspent, for the change to spend in its transaction (a change refused there leaves it for the next request).
    /// </summary>
    private async Task<(PasswordAccount? Account, UnspentCode? Code, IResult? Problem)> CheckAsync(HttpRequest request, Guid userId, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<TwoFactorCheckRequest>(request, ct);
        if (body.Error is not null) return (null, null, body.Error);
        var missing = new Validation();
        if (string.IsNullOrEmpty(body.Value!.Password)) missing.Add("password", "This field is required.");
        if (string.IsNullOrWhiteSpace(body.Value.Code)) missing.Add("code", "This field is required.");
        if (!missing.IsValid) return (null, null, missing.ToProblem());
        return await credentials.CheckOwnerBeforeChangeAsync(userId, body.Value.Password, "password", body.Value.Code, ct);
    }

    /// <summary>The owner is told by mail (email-delivery), in the change's transaction.</summary>
    private Task NoticeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, string change, CancellationToken ct) =>
        Outbox.EnqueueAsync(conn, tx, time, AccountEvents.TwoFactorChanged, userId, new TwoFactorChangedPayload(userId, change, time.GetUtcNow()), ct);

    private static List<string> NewRecoveryCodes() => Enumerable.Range(0, TwoFactor.RecoveryCodeCount).Select(_ => TwoFactor.NewRecoveryCode()).ToList();
}

/// <summary>GET /users/me/two-factor: on or off; when on, since when and how many recovery codes are left.</summary>
public sealed record TwoFactorState(bool Enabled, DateTimeOffset? EnabledAt, long? RecoveryCodesLeft);

/// <summary>POST /users/me/two-factor: the password, asked again.</summary>
public sealed record TwoFactorStartRequest(string? Password);

/// <summary>The new secret, once: base32 to type in, and the otpauth URI to show as a QR code.</summary>
public sealed record TwoFactorEnrolment(string Secret, string OtpauthUri);

/// <summary>POST /users/me/two-factor/confirm: the six digits the app shows.</summary>
public sealed record TwoFactorCodeRequest(string? Code);

/// <summary>The recovery codes, shown once: each signs in once in place of a code.</summary>
public sealed record TwoFactorRecoveryCodes(IReadOnlyList<string> RecoveryCodes);

/// <summary>
/// DELETE /users/me/two-factor and POST /users/me/two-factor/recovery-codes: the password and a current code (or a recovery
/// code).
/// </summary>
public sealed record TwoFactorCheckRequest(string? Password, string? Code);
