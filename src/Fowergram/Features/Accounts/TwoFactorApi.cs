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

    // Trusted devices skip a code that no longer exists: they go with it.
    internal const string Remove = """
        DELETE FROM two_factor_trusted_devices WHERE user_id = @userId;
        DELETE FROM two_factor_recovery_codes WHERE user_id = @userId;
        DELETE FROM account_two_factor WHERE user_id = @userId;
        """;

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
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
        await NoticeAsync(conn, tx, caller.UserId, TwoFactorChange.On, ct);
        await tx.CommitAsync(ct);
        return Api.Ok(new TwoFactorRecoveryCodes(codes));
    }

    /// <summary>Off, with the password and a current code (or a recovery code): a stolen session alone cannot remove the factor.</summary>
    public async Task<IResult> Stop(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var (account, problem) = await CheckAsync(request, caller.UserId, ct);
        if (problem is not null) return problem;
        if (!account!.TwoFactorOn) return Problems.Validation("code", "Two-factor sign-in is off.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await conn.ExecuteAsync(new CommandDefinition(Remove, new { userId = account.Id }, tx, cancellationToken: ct)) > 0)
            await NoticeAsync(conn, tx, account.Id, TwoFactorChange.Off, ct); // not again when a concurrent request removed it first
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
        var (account, problem) = await CheckAsync(request, caller.UserId, ct);
        if (problem is not null) return problem;
        var codes = NewRecoveryCodes();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!account!.TwoFactorOn || await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(LockEnabled, new { userId = account.Id }, tx,
                cancellationToken: ct)) is not true)
            return Problems.Conflict("Two-factor sign-in is off: recovery codes come with turning it on.");
        await conn.ExecuteAsync(new CommandDefinition(ReplaceRecoveryCodes,
            new { userId = account.Id, hashes = codes.Select(SecretToken.Hash).ToArray() }, tx, cancellationToken: ct));
        await NoticeAsync(conn, tx, account.Id, TwoFactorChange.RecoveryCodes, ct);
        await tx.CommitAsync(ct);
        return Api.Ok(new TwoFactorRecoveryCodes(codes));
    }

    /// <summary>The password and a code, both required, checked as one attempt under the login throttle (the code is spent there).</summary>
    private async Task<(PasswordAccount? Account, IResult? Problem)> CheckAsync(HttpRequest request, Guid userId, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<TwoFactorCheckRequest>(request, ct);
        if (body.Error is not null) return (null, body.Error);
        var missing = new Validation();
        if (string.IsNullOrEmpty(body.Value!.Password)) missing.Add("password", "This field is required.");
        if (string.IsNullOrWhiteSpace(body.Value.Code)) missing.Add("code", "This field is required.");
        if (!missing.IsValid) return (null, missing.ToProblem());
        return await credentials.CheckOwnerAsync(userId, body.Value.Password, "password", body.Value.Code, ct);
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
