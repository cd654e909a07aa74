using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Fowergram.Platform.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// The password check that logging in and appealing a suspension share (docs/accounts.md "Logging in"): one answer (401)
/// for unknown accounts and wrong passwords, as slow either way; the per-account throttle (429) before the hash is tried.
/// A suspended account passes the check; what it may do then is the caller's to say.
/// </summary>
public sealed class Credentials(NpgsqlDataSource db, PasswordHasher hasher, LoginThrottle throttle, TwoFactor twoFactor, IOptions<AuthOptions> options,
    TimeProvider time)
{
    /// <summary>The account behind login and password, or the problem to answer (401, 429).</summary>
    internal async Task<(LoginAccount? Account, PasswordCheck Check, IResult? Problem)> CheckAsync(string login, string password, CancellationToken ct)
    {
        var account = await FindAsync(login, ct);
        if (account is null)
        {
            // Counted and locked by the login, as an account's attempts are below (the same round trips, the same answers):
            // an e-mail address that never locked would be one nobody uses.
            if (await throttle.BeginUnknownAsync(login, ct) is { } unknownWait) return (null, PasswordCheck.Failed, Locked(unknownWait));
            hasher.VerifyNothing(password); // as slow as a wrong password, so timing does not tell them apart
            await throttle.FailedUnknownAsync(login, ct);
            LoginMetrics.Failed(LoginMetrics.UnknownAccount);
            return (null, PasswordCheck.Failed, Invalid());
        }

        if (await throttle.BeginAsync(account.Id, ct) is { } wait) return (null, PasswordCheck.Failed, Locked(wait));
        var check = hasher.Verify(password, account.HashedPassword);
        if (check != PasswordCheck.Failed) return (account, check, null);
        await throttle.FailedAsync(account.Id, ct);
        LoginMetrics.Failed(LoginMetrics.WrongPassword);
        return (null, check, Invalid());
    }

    /// <summary>The account a login (username or e-mail, lower-cased) names, if it may sign in at all (UsersSql.Loginable).</summary>
    internal async Task<LoginAccount?> FindAsync(string login, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<LoginAccount>(new CommandDefinition(login.Contains('@') ? UsersSql.LoginByEmail : UsersSql.LoginByUsername,
            new { login, restorableAfter = time.GetUtcNow() - options.Value.DeletionGrace }, cancellationToken: ct));
    }

    /// <summary>
    /// Whether the account's suspension still holds. A temporary one that has ended is lifted here (the expiry job may not
    /// have run yet), so that its owner is never kept out by the job's delay.
    /// </summary>
    internal async Task<bool> StillSuspendedAsync(LoginAccount account, CancellationToken ct)
    {
        if (!account.Suspended) return false;
        var now = time.GetUtcNow();
        if (account.SuspendedUntil is not { } until || until > now) return true;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Moderation.SuspensionsSql.Lock, new { userId = account.Id }, tx, cancellationToken: ct));
        await conn.ExecuteScalarAsync<bool>(new CommandDefinition(UsersSql.LiftEndedSuspension, new { account.Id, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return false;
    }

    private const string Owner = """
        SELECT u.id, u.username, u.email, u.hashed_password,
               EXISTS (SELECT 1 FROM account_two_factor t WHERE t.user_id = u.id AND t.enabled_at IS NOT NULL) AS two_factor_on
          FROM users u WHERE u.id = @id AND u.is_active AND u.deleted_at IS NULL
        """;

    /// <summary>
    /// A signed-in owner's password, asked again before turning two-factor sign-in on: checked under the same per-account
    /// throttle as logging in, so a stolen access token cannot be used to guess it. The problem names
    /// <paramref name="field"/> when the password is missing or wrong; 401 when the account is gone; 429 while locked.
    /// </summary>
    internal async Task<(PasswordAccount? Account, IResult? Problem)> CheckOwnerAsync(Guid userId, string? password, string field, CancellationToken ct)
    {
        var (account, _, problem) = await CheckOwnerAsync(userId, password, field, code: null, stepUp: false, ct);
        return (account, problem);
    }

    /// <summary>
    /// The same, before a sensitive change (the password, the e-mail, a passkey, deleting the account, turning two-factor off),
    /// and while two-factor sign-in is on also a current code or an unused recovery code (<paramref name="code"/>, spent here):
    /// a stolen session and a phished password together do not make such a change (docs/accounts.md "Two-factor"). The
    /// password and the code are one attempt under the throttle: a wrong code counts as a wrong password, and only both right
    /// clear the count, so the code cannot be guessed behind a right password. A missing code is a 400 naming <c>code</c>; the
    /// attempt stays counted (every attempt counts until one succeeds, as at login). <paramref name="refuse"/>, when given, sees
    /// the account once the password is right and may refuse the change before the code is spent (a weak new password, an
    /// address in use, the passkey cap), so that the owner can send the same code again.
    /// </summary>
    internal async Task<(PasswordAccount? Account, IResult? Problem)> CheckOwnerAsync(Guid userId, string? password, string field, string? code,
        CancellationToken ct, Func<PasswordAccount, Task<IResult?>>? refuse = null)
    {
        var (account, unspent, problem) = await CheckOwnerAsync(userId, password, field, code, stepUp: true, ct, refuse);
        if (problem is not null || unspent is null) return (account, problem);
        await using var conn = await db.OpenConnectionAsync(ct);
        return await SpendAsync(conn, null, unspent, ct) is { } used ? (null, used) : (account, null);
    }

    /// <summary>
    /// As <see cref="CheckOwnerAsync(Guid, string?, string, string?, CancellationToken, Func{PasswordAccount, Task{IResult?}}?)"/>,
    /// for a change whose own transaction may still refuse it (a concurrent change won, the address was taken meanwhile): the
    /// code is found valid and unused here and handed back unspent (null with two-factor off); the change spends it with
    /// <see cref="SpendAsync"/> in its transaction, so a change that ends refused leaves it for the next request.
    /// </summary>
    internal Task<(PasswordAccount? Account, UnspentCode? Code, IResult? Problem)> CheckOwnerBeforeChangeAsync(Guid userId, string? password,
        string field, string? code, CancellationToken ct, Func<PasswordAccount, Task<IResult?>>? refuse = null) =>
        CheckOwnerAsync(userId, password, field, code, stepUp: true, ct, refuse);

    /// <summary>
    /// Spends the code <see cref="CheckOwnerBeforeChangeAsync"/> handed back (nothing to do for null), in the change's
    /// transaction; the problem to answer when another request spent it meanwhile (the owner sends a new one).
    /// </summary>
    internal async Task<IResult?> SpendAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, UnspentCode? code, CancellationToken ct) =>
        code is null || await twoFactor.SpendAsync(conn, tx, code, ct) ? null : CodeWrongOrUsed();

    private async Task<(PasswordAccount? Account, UnspentCode? Code, IResult? Problem)> CheckOwnerAsync(Guid userId, string? password, string field,
        string? code, bool stepUp, CancellationToken ct, Func<PasswordAccount, Task<IResult?>>? refuse = null)
    {
        if (string.IsNullOrEmpty(password)) return (null, null, Problems.Validation(field, "This field is required."));
        PasswordAccount? account;
        await using (var conn = await db.OpenConnectionAsync(ct))
            account = await conn.QuerySingleOrDefaultAsync<PasswordAccount>(new CommandDefinition(Owner, new { id = userId }, cancellationToken: ct));
        if (account is null) return (null, null, Problems.AccountGone());
        if (await throttle.BeginAsync(account.Id, ct) is { } wait)
            return (null, null, Problems.TooManyRequests(wait, "Too many wrong passwords or codes for this account; try again later."));
        if (hasher.Verify(password, account.HashedPassword) == PasswordCheck.Failed)
        {
            await throttle.FailedAsync(account.Id, ct);
            return (null, null, Problems.Validation(field, "The password is incorrect."));
        }
        if (refuse is not null && await refuse(account) is { } refused)
        {
            await throttle.ProvenButRefusedAsync(account.Id, codeUntried: account.TwoFactorOn, ct);
            return (null, null, refused);
        }
        UnspentCode? unspent = null;
        if (stepUp && account.TwoFactorOn)
        {
            if (string.IsNullOrWhiteSpace(code)) return (null, null, CodeRequired());
            if ((unspent = await twoFactor.FindUnusedAsync(account.Id, code, ct)) is null)
            {
                await throttle.FailedAsync(account.Id, ct); // guesses of the code count as wrong passwords
                return (null, null, CodeWrongOrUsed());
            }
        }
        await throttle.ClearAsync(account.Id, ct); // every attempt counts until one succeeds, as at login
        return (account, unspent, null);
    }

    /// <summary>
    /// After the right password, while two-factor sign-in is on: the code that must come with it (spent here), or the problem
    /// to answer — 400 naming <c>code</c>, with <c>twoFactorRequired</c> when it is missing; a wrong or used one counts as a
    /// wrong password (the caller clears the throttle only when this passes). Null when it passes or the factor is off.
    /// </summary>
    internal async Task<IResult?> SecondFactorProblemAsync(Guid userId, bool twoFactorOn, string? code, CancellationToken ct)
    {
        if (!twoFactorOn) return null;
        if (string.IsNullOrWhiteSpace(code)) return CodeRequired();
        if (await twoFactor.VerifyAsync(userId, code, ct)) return null;
        await throttle.FailedAsync(userId, ct); // guesses of the code count as wrong passwords
        return CodeWrongOrUsed();
    }

    private static IResult CodeWrongOrUsed() => Problems.Validation("code", "The two-factor code is wrong or already used.");

    /// <summary>The password was right and two-factor sign-in is on: twoFactorRequired tells the client to ask for the code.</summary>
    private static IResult CodeRequired() => Results.ValidationProblem(
        new Dictionary<string, string[]> { ["code"] = ["Two-factor sign-in is on: send the code from the authenticator app (or a recovery code)."] },
        "This account has two-factor sign-in on: send a code with the password.", title: "The request is invalid.",
        type: "https://fowergram.dev/problems/validation", extensions: new Dictionary<string, object?> { ["twoFactorRequired"] = true });

    /// <summary>One answer for a locked account and a locked login that names none.</summary>
    private static IResult Locked(TimeSpan wait) => Problems.TooManyRequests(wait, "Too many failed logins for this account; try again later.");

    /// <summary>One answer for unknown accounts, wrong passwords and disabled accounts alike.</summary>
    internal static IResult Invalid() => Problems.Unauthorized("The login or password is incorrect.");
}
