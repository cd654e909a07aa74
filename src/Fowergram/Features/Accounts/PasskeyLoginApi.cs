using Dapper;
using Fido2NetLib.Objects;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Signing in with a passkey (docs/accounts.md "Passkeys"): POST /auth/passkeys/options hands out a challenge, POST
/// /auth/passkeys/login checks the authenticator's answer and ends as a password login does (<see cref="SignIns"/>). A passkey
/// is possession and user verification at once, so it stands in for the password and the two-factor code.
/// </summary>
public sealed class PasskeyLoginApi(NpgsqlDataSource db, PasskeyChallenges challenges, PasskeyRelyingParty party, LoginThrottle throttle,
    Credentials credentials, SignIns signIns, AddressLimit addresses, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>
    /// 200 the request options. With a username, the account's passkeys are listed (allowCredentials) and the challenge is
    /// bound to it; an unknown username, an account without passkeys, and any e-mail address get what a request without a
    /// login gets: an empty list, which asks the authenticator for a discoverable key. An e-mail address never lists keys:
    /// the list would tell anyone whether an address has an account, which the password login never does (usernames are
    /// public, addresses are not).
    /// </summary>
    public async Task<IResult> Options(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<PasskeySignInOptionsRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var login = (body.Value!.Login ?? "").Trim().ToLowerInvariant();
        if (login.Length > AccountRules.EmailMax) return Problems.Validation("login", $"Must be at most {AccountRules.EmailMax} characters.");
        if (await addresses.TakeAsync(request, AddressLimit.SignIn, ct) is { } limited) return limited; // each call stores a challenge
        Guid? userId = null;
        List<StoredDescriptor> allowed = [];
        if (login.Length > 0 && !login.Contains('@'))
        {
            var account = await credentials.FindAsync(login, ct);
            await using var conn = await db.OpenConnectionAsync(ct);
            if (account is not null)
                allowed = [.. await conn.QueryAsync<StoredDescriptor>(new CommandDefinition(PasskeysSql.Descriptors, new { userId = account.Id }, cancellationToken: ct))];
            if (allowed.Count > 0) userId = account!.Id;
        }
        var (id, challenge) = await challenges.IssueAsync(PasskeyChallenges.SignIn, userId, ct);
        return Api.Ok(new PasskeySignInChallenge(id, PasskeyWire.View(party.RequestOptions(challenge, PasskeyWire.Descriptors(allowed)))));
    }

    /// <summary>200 the token pair; 401 (one body) for anything that does not prove the account; 429 while locked; 403 suspended.</summary>
    public async Task<IResult> Login(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<PasskeyLoginRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var validation = new Validation();
        if (input.ChallengeId is null) validation.Add("challengeId", "This field is required.");
        var assertion = PasskeyWire.Assertion(input.Credential, validation);
        if (!validation.IsValid) return validation.ToProblem();
        if (await addresses.TakeAsync(request, AddressLimit.SignIn, ct) is { } limited) return limited;

        if (await challenges.TakeAsync(input.ChallengeId!.Value, PasskeyChallenges.SignIn, ct) is not { } taken) return Invalid();
        StoredPasskey? passkey;
        LoginAccount? account = null;
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            passkey = await conn.QuerySingleOrDefaultAsync<StoredPasskey>(new CommandDefinition(PasskeysSql.ForSignIn,
                new { credentialId = assertion!.RawId }, cancellationToken: ct));
            // A challenge issued for a login answers only with that account's keys.
            if (passkey is not null && (taken.UserId is null || taken.UserId == passkey.UserId))
                account = await conn.QuerySingleOrDefaultAsync<LoginAccount>(new CommandDefinition(UsersSql.LoginById,
                    new { id = passkey.UserId, restorableAfter = time.GetUtcNow() - options.Value.DeletionGrace }, cancellationToken: ct));
        }
        if (account is null) return Invalid(); // unknown keys are not throttled: no account to lock, and a key id, unlike a login, names nobody

        if (await throttle.BeginAsync(account.Id, ct) is { } wait)
            return Problems.TooManyRequests(wait, "Too many failed logins for this account; try again later.");
        var original = party.RequestOptions(taken.Challenge, taken.UserId is null ? [] : [new PublicKeyCredentialDescriptor(assertion.RawId)]);
        var verified = await party.VerifyAssertionAsync(assertion, original, passkey!.PublicKey, (uint)passkey.SignCount, account.Id, ct);
        if (verified is null || !await RecordUseAsync(passkey, verified, ct))
        {
            await throttle.FailedAsync(account.Id, ct);
            return Invalid();
        }
        if (await signIns.RefusedAsync(account, fullProof: true, ct) is { } refused) return refused;
        return await signIns.CompleteAsync(request, account, newHash: null, trust: false, ct);
    }

    /// <summary>Stores the new counter; false when the row's counter has caught up meanwhile (a clone, or a replay racing the original).</summary>
    private async Task<bool> RecordUseAsync(StoredPasskey passkey, VerifyAssertionResult verified, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(PasskeysSql.Use, new
        {
            passkey.Id, signCount = (long)verified.SignCount, backedUp = verified.IsBackedUp, now = Timestamps.Now(time),
        }, cancellationToken: ct)) == 1;
    }

    /// <summary>One answer for every failure: an unknown, spent or expired challenge, an unknown key, one that does not verify.</summary>
    private static IResult Invalid() => Problems.Unauthorized("The passkey could not be verified; ask for new options and try again.");
}
