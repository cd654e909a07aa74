using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>POST /auth/register and POST /auth/login.</summary>
public sealed class AuthApi(NpgsqlDataSource db, PasswordHasher hasher, Sessions sessions, LoginThrottle throttle, IOptions<AuthOptions> options,
    TimeProvider time)
{
    public async Task<IResult> Register(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RegisterRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var email = AccountRules.NormalizeEmail(input.Email);
        var username = AccountRules.NormalizeUsername(input.Username);
        var fullName = (input.FullName ?? "").Trim();
        var validation = new Validation()
            .Check("email", AccountRules.EmailError(email))
            .Check("username", AccountRules.UsernameError(username))
            .Check("fullName", AccountRules.FullNameError(fullName))
            .Check("password", PasswordPolicy.Check(input.Password, username, email));
        if (!validation.IsValid) return validation.ToProblem();

        await using (var probe = await db.OpenConnectionAsync(ct))
        {
            var taken = await probe.QuerySingleAsync<TakenNames>(new CommandDefinition(UsersSql.Taken,
                new { email, username }, cancellationToken: ct));
            if (taken.EmailTaken || taken.UsernameTaken) return AccountConflicts.Taken(taken.EmailTaken, taken.UsernameTaken);
        }

        var hashedPassword = hasher.Hash(input.Password!); // slow on purpose: outside any connection or transaction
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            var user = await conn.QuerySingleAsync<UserRow>(new CommandDefinition(UsersSql.Insert,
                new { id = Ids.New(time), email, username, hashedPassword, fullName, now }, tx, cancellationToken: ct));
            await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.EmailVerificationRequested, user.Id,
                new AccountEventPayload(user.Id), ct);
            var pair = await sessions.StartAsync(conn, tx, user.Id, user.Username, ct);
            await tx.CommitAsync(ct);
            return Api.Created($"/api/v1/users/{user.Username}", new RegisteredResponse(ProfileViews.Me(user),
                pair.AccessToken, pair.AccessTokenExpiresAt, pair.RefreshToken, pair.RefreshTokenExpiresAt));
        }
        catch (PostgresException ex) when (AccountConflicts.FromUniqueViolation(ex) is { } conflict)
        {
            return conflict; // lost a race with a concurrent registration of the same name
        }
    }

    public async Task<IResult> Login(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<LoginRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var login = (input.Login ?? "").Trim().ToLowerInvariant();
        var validation = new Validation().Required("login", input.Login).MaxLength("login", login, AccountRules.EmailMax);
        if (string.IsNullOrEmpty(input.Password)) validation.Add("password", "This field is required.");
        if (!validation.IsValid) return validation.ToProblem();
        var password = input.Password!;

        LoginAccount? account;
        await using (var conn = await db.OpenConnectionAsync(ct))
            account = await conn.QuerySingleOrDefaultAsync<LoginAccount>(new CommandDefinition(
                login.Contains('@') ? UsersSql.LoginByEmail : UsersSql.LoginByUsername,
                new { login, restorableAfter = time.GetUtcNow() - options.Value.DeletionGrace }, cancellationToken: ct));
        if (account is null)
        {
            hasher.VerifyNothing(password); // as slow as a wrong password, so timing does not tell them apart
            return InvalidCredentials();
        }

        if (await throttle.BeginAsync(account.Id, ct) is { } wait)
            return Problems.TooManyRequests(wait, "Too many failed logins for this account; try again later.");
        var check = hasher.Verify(password, account.HashedPassword);
        if (check == PasswordCheck.Failed)
        {
            await throttle.FailedAsync(account.Id, ct);
            return InvalidCredentials();
        }
        // Said only to someone who knows the password: to anyone else a suspended account is a wrong login like any other.
        if (account.Suspended && await StillSuspendedAsync(account, ct) is { } refused) return refused;

        // The cost went up since this hash was made (PasswordIterations): upgrade it now that we know the password.
        var newHash = check == PasswordCheck.SucceededNeedsRehash ? hasher.Hash(password) : null;
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            await throttle.ClearAsync(conn, null, account.Id, ct);
            if (account.DeletedAt is not null &&
                await conn.ExecuteAsync(new CommandDefinition(UsersSql.Restore, new { account.Id, now = time.GetUtcNow() }, cancellationToken: ct)) == 0)
                return InvalidCredentials(); // the purge began between the read and now
            if (newHash is not null)
                await conn.ExecuteAsync(new CommandDefinition(UsersSql.Rehash,
                    new { account.Id, newHash, oldHash = account.HashedPassword }, cancellationToken: ct));
            return Api.Ok(await sessions.StartAsync(conn, null, account.Id, account.Username, ct));
        }
    }

    /// <summary>
    /// A 403 while the suspension lasts; null once a temporary one has ended, which this login lifts (the expiry job may
    /// not have run yet) so that it goes on.
    /// </summary>
    private async Task<IResult?> StillSuspendedAsync(LoginAccount account, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (account.SuspendedUntil is { } until && until <= now)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await conn.ExecuteScalarAsync<bool>(new CommandDefinition(UsersSql.LiftEndedSuspension, new { account.Id, now }, cancellationToken: ct));
            return null;
        }
        return Problems.Forbidden(account.SuspendedUntil is { } end
            ? $"This account is suspended until {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC."
            : "This account is suspended; it cannot be used until a moderator lifts the suspension.");
    }

    /// <summary>One answer for unknown accounts, wrong passwords and disabled accounts alike.</summary>
    private static IResult InvalidCredentials() => Problems.Unauthorized("The login or password is incorrect.");
}
