using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Telemetry;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>POST /auth/register and POST /auth/login.</summary>
public sealed class AuthApi(NpgsqlDataSource db, PasswordHasher hasher, Sessions sessions, LoginThrottle throttle, Credentials credentials,
    TwoFactor twoFactor, TrustedDevices trustedDevices, SignIns signIns, AddressLimit addresses, TimeProvider time)
{
    public async Task<IResult> Register(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RegisterRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var email = AccountRules.NormalizeEmail(input.Email);
        var username = AccountRules.NormalizeUsername(input.Username);
        // Composed (docs/api.md "Composed text"): people search finds "José" whichever form the name was typed in.
        var fullName = (await ComposedText.WrittenAsync(db, input.FullName, AccountRules.FullNameMax, ct) ?? "").Trim();
        var validation = new Validation()
            .Check("email", AccountRules.EmailError(email))
            .Check("username", AccountRules.UsernameError(username))
            .Check("fullName", AccountRules.FullNameError(fullName))
            .Check("password", PasswordPolicy.Check(input.Password, username, email));
        if (!validation.IsValid) return validation.ToProblem();
        if (await addresses.TakeAsync(request, AddressLimit.Registration, ct) is { } limited) return limited;
        // The 409 naming `email` tells whether an address has an account (docs/accounts.md "Registration and taken
        // addresses"): the look happens in the client address's turn for its share of them, refused once that is spent.
        TakenNames? taken = null;
        var heldSince = time.GetUtcNow();
        if (await addresses.CountedTurnAsync(request, AddressLimit.RegistrationEmailTaken, async (conn, tx) =>
            {
                taken = await conn.QuerySingleAsync<TakenNames>(new CommandDefinition(UsersSql.Taken, new
                {
                    email, username, heldSince = heldSince - UsernameChanges.Window, emailHeldSince = heldSince - EmailRevertApi.Window,
                }, tx, cancellationToken: ct));
                return taken.EmailTaken;
            }, ct) is { } probing) return probing;
        if (taken!.EmailTaken || taken.UsernameTaken) return AccountConflicts.Taken(taken.EmailTaken, taken.UsernameTaken);

        var hashedPassword = hasher.Hash(input.Password!); // slow on purpose: outside any connection or transaction
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            // Checked again under the name's lock: a rename giving this name up may have committed since the probe.
            if (!await UsernameChanges.FreeForRegistrationAsync(conn, tx, username, now, ct))
                return AccountConflicts.Taken(email: false, username: true);
            var user = await conn.QuerySingleAsync<UserRow>(new CommandDefinition(UsersSql.Insert,
                new { id = Ids.New(time), email, username, hashedPassword, fullName, now }, tx, cancellationToken: ct));
            await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.EmailVerificationRequested, user.Id,
                new AccountEventPayload(user.Id), ct);
            var pair = await sessions.StartAsync(conn, tx, user.Id, user.Username, Sessions.DeviceOf(request), ct);
            await tx.CommitAsync(ct);
            return Api.Created($"/api/v1/users/{user.Username}", new RegisteredResponse(ProfileViews.Me(user),
                pair.AccessToken, pair.AccessTokenExpiresAt, pair.RefreshToken, pair.RefreshTokenExpiresAt));
        }
        catch (PostgresException ex) when (AccountConflicts.FromUniqueViolation(ex) is { } conflict)
        {
            // Lost a race with a concurrent registration of the same address: counted as the look's answer is, in the same
            // turn, and refused as it would be once the address's share is spent.
            if (ex.ConstraintName == AccountConflicts.EmailIndex)
                return await addresses.CountedTurnAsync(request, AddressLimit.RegistrationEmailTaken, (_, _) => Task.FromResult(true), ct) ?? conflict;
            return conflict;
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
        validation.MaxLength("deviceToken", input.DeviceToken, DeviceTokenMax);
        if (!validation.IsValid) return validation.ToProblem();
        var password = input.Password!;
        // Every attempt counts, before the password is hashed: a wrong password over many accounts is what this catches.
        if (await addresses.TakeAsync(request, AddressLimit.SignIn, ct) is { } limited) return limited;

        var (account, check, problem) = await credentials.CheckAsync(login, password, ct);
        if (problem is not null) return problem;
        if (await signIns.RefusedAsync(account!, fullProof: !account!.TwoFactor, ct) is { } refused) return refused;
        var trust = false;
        if (account!.TwoFactor)
        {
            // A device token (from an earlier login's trustDevice) stands in for the code; a wrong or expired one is no
            // failure of its own (256 random bits are not guessed), the login simply needs the code.
            var trusted = string.IsNullOrWhiteSpace(input.Code) && await trustedDevices.UseAsync(account.Id, input.DeviceToken, ct);
            if (!trusted)
            {
                if (string.IsNullOrWhiteSpace(input.Code)) return TwoFactorRequired();
                if (!await twoFactor.VerifyAsync(account.Id, input.Code, ct))
                {
                    await throttle.FailedAsync(account.Id, ct); // guesses of the code count as wrong logins
                    LoginMetrics.Failed(LoginMetrics.WrongCode);
                    return Problems.Unauthorized("The two-factor code is wrong or already used.");
                }
                trust = input.TrustDevice == true;
            }
        }

        // The cost went up since this hash was made (PasswordIterations): upgrade it now that we know the password.
        var newHash = check == PasswordCheck.SucceededNeedsRehash ? hasher.Hash(password) : null;
        return await signIns.CompleteAsync(request, account, newHash, trust, ct);
    }

    /// <summary>A device token is 43 characters; anything much longer is not one and is refused before it is hashed.</summary>
    private const int DeviceTokenMax = 100;

    /// <summary>
    /// The password was right and the account has two-factor sign-in on: the client asks for the code and sends the login
    /// again with it. twoFactorRequired tells this 401 from a wrong password's.
    /// </summary>
    private static IResult TwoFactorRequired() => Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
    {
        Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized.",
        Detail = "This account has two-factor sign-in on: send the login again with the code from the authenticator app (or a recovery code).",
        Extensions = { ["twoFactorRequired"] = true },
    });
}
