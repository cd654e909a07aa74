using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// The caller's passkeys (docs/accounts.md "Passkeys"): adding one takes the password again (options, then the
/// authenticator's answer), as turning two-factor on does; listing, renaming and removing take the session.
/// </summary>
public sealed class PasskeysApi(NpgsqlDataSource db, AccessTokens tokens, Credentials credentials, PasskeyChallenges challenges,
    PasskeyRelyingParty party, Sessions sessions, TimeProvider time)
{
    public const int NameMax = 64;
    private const string DefaultName = "Passkey";

    /// <summary>200 the creation options; 400 on password (throttled, 429); 409 at the cap.</summary>
    public async Task<IResult> Options(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<PasskeyOptionsRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        // The cap is judged once the password is right and before a two-factor code is spent on the options.
        List<StoredDescriptor> existing = [];
        var (account, problem) = await credentials.CheckOwnerAsync(caller.UserId, body.Value!.Password, "password", body.Value.Code, ct,
            async owner =>
            {
                await using var conn = await db.OpenConnectionAsync(ct);
                existing = [.. await conn.QueryAsync<StoredDescriptor>(new CommandDefinition(PasskeysSql.Descriptors, new { userId = owner.Id }, cancellationToken: ct))];
                return existing.Count >= PasskeyRelyingParty.MaxPerAccount ? CapReached() : null;
            });
        if (problem is not null) return problem;
        var (id, challenge) = await challenges.IssueAsync(PasskeyChallenges.Registration, account!.Id, ct);
        // excludeCredentials: an authenticator that already holds one of the account's keys refuses to make a second.
        var exclude = PasskeyWire.Descriptors(existing);
        return Api.Ok(new PasskeyCreationChallenge(id, PasskeyWire.View(party.CreationOptions(challenge, account.Id, account.Username, exclude))));
    }

    /// <summary>201 the new passkey; 400 naming the member that is wrong or the challenge; 409 at the cap or for a key already kept.</summary>
    public async Task<IResult> Register(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<PasskeyRegistrationRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        // The owner's label, shown in the list and the "passkey added" mail: composed before it is measured (docs/api.md "Composed text").
        var name = input.Name is null ? DefaultName : await ComposedText.WrittenAsync(db, input.Name.Trim(), NameMax, ct) ?? "";
        var validation = new Validation();
        if (input.ChallengeId is null) validation.Add("challengeId", "This field is required.");
        if (NameError(name) is { } nameError) validation.Add("name", nameError);
        var attestation = PasskeyWire.Attestation(input.Credential, validation);
        if (!validation.IsValid) return validation.ToProblem();

        if (await challenges.TakeAsync(input.ChallengeId!.Value, PasskeyChallenges.Registration, ct) is not { } taken || taken.UserId != caller.UserId)
            return Problems.Validation("challengeId", "Unknown, already used or expired: ask for new options (they are good for five minutes).");
        // The token's username may be older than a rename; harmless here: these options are rebuilt only to check the answer
        // against, and that check never compares the name (PasskeyTests registers with such a token). The options the client
        // saw took the name from the database.
        var original = party.CreationOptions(taken.Challenge, caller.UserId, caller.Username, []);
        if (await party.VerifyRegistrationAsync(attestation!, original, ct) is not { } credential)
            return Problems.Validation("credential", "The authenticator's answer does not verify against these options (origin, relying party, challenge, user verification or attestation).");
        if (credential.PublicKey.Length > 2048) return Problems.Validation("credential", "The key is larger than any algorithm offered makes.");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(PasskeysSql.LockOwner, new { userId = caller.UserId }, tx, cancellationToken: ct)))
            return Problems.AccountGone();
        // The key is added by the session that asked for it: one ended while the ceremony ran (a logout, "log out of other
        // sessions", a password change that ended it because someone else had the old one) adds nothing. Until 2026-12-07
        // the key was stored anyway, and whoever held that session kept a way in that the password change meant to take away.
        if (!await sessions.HoldLiveAsync(conn, tx, caller, ct))
            return Problems.Unauthorized("This session has ended; sign in again to add a passkey.");
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(PasskeysSql.Count, new { userId = caller.UserId }, tx, cancellationToken: ct))
            >= PasskeyRelyingParty.MaxPerAccount)
            return CapReached();
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(PasskeysSql.Exists, new { credentialId = credential.Id }, tx, cancellationToken: ct)))
            return KeyTaken();
        try
        {
            var view = await conn.QuerySingleAsync<PasskeyView>(new CommandDefinition(PasskeysSql.Insert, new
            {
                id = Ids.New(time), userId = caller.UserId, credentialId = credential.Id, publicKey = credential.PublicKey,
                signCount = (long)credential.SignCount, aaguid = credential.AaGuid,
                transports = (credential.Transports ?? []).Select(PasskeyWire.Name).Distinct().ToArray(), backedUp = credential.IsBackedUp,
                name, now = Timestamps.Now(time),
            }, tx, cancellationToken: ct));
            await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.PasskeyAdded, caller.UserId,
                new PasskeyAddedPayload(caller.UserId, view.Name, view.CreatedAt), ct);
            await tx.CommitAsync(ct);
            return Api.Created("/api/v1/users/me/passkeys", view);
        }
        catch (PostgresException ex) when (ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "passkeys_credential_unique" })
        {
            return KeyTaken(); // registered at the same instant by another request
        }
    }

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        var items = await conn.QueryAsync<PasskeyView>(new CommandDefinition(PasskeysSql.List, new { userId = caller.UserId }, cancellationToken: ct));
        return Api.Ok(new PasskeyList(items.ToList()));
    }

    /// <summary>200 the renamed passkey; 400 on name; 404 for a passkey that is not the caller's.</summary>
    public async Task<IResult> Rename(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var passkeyId)) return Problems.NotFound("passkey");
        var body = await JsonBody.ReadAsync<RenamePasskeyRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var name = await ComposedText.WrittenAsync(db, (body.Value!.Name ?? "").Trim(), NameMax, ct) ?? "";
        if (NameError(name) is { } error) return Problems.Validation("name", error);
        await using var conn = await db.OpenConnectionAsync(ct);
        var (live, view) = (await conn.QueryAsync<bool, PasskeyView?, (bool, PasskeyView?)>(new CommandDefinition(PasskeysSql.Rename,
            new { id = passkeyId, userId = caller.UserId, name }, cancellationToken: ct), (live, view) => (live, view), splitOn: "id")).Single();
        return !live ? Problems.AccountGone() : view is null ? Problems.NotFound("passkey") : Api.Ok(view);
    }

    /// <summary>
    /// 204; 404 for a passkey that is not the caller's. The session suffices, as for sessions and trusted devices: removing a
    /// key adds no way in, and the password stays. So it is not refused to a token whose account is gone either: a passkey
    /// sign-in restores a deleted account within its grace, and taking that way in away is the owner's retreat, never harm.
    /// </summary>
    public async Task<IResult> Delete(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var passkeyId)) return Problems.NotFound("passkey");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(PasskeysSql.Delete, new { id = passkeyId, userId = caller.UserId }, cancellationToken: ct)) == 1
            ? Api.NoContent()
            : Problems.NotFound("passkey");
    }

    /// <summary>
    /// A name is one line, at most NameMax characters as passkeys.name counts them (docs/api.md "Text limits"), and shows
    /// something: invisible characters alone (TextRules.IsBlank) are refused as the empty name is, since the list would show a
    /// key with no name.
    /// </summary>
    private static string? NameError(string name) =>
        name.Length == 0 ? "Must not be empty."
        : TextRules.IsBlank(name) ? "Must show something: invisible characters alone are not a name."
        : TextRules.Characters(name) > NameMax ? $"Must be at most {NameMax} characters."
        : !TextRules.IsOneLine(name) ? "Must be one line without control characters." : null;

    private static IResult CapReached() =>
        Problems.Conflict($"This account has {PasskeyRelyingParty.MaxPerAccount} passkeys, the most it may have: remove one first.");

    private static IResult KeyTaken() => Problems.Conflict("This passkey is already registered.",
        new Dictionary<string, string[]> { ["credential"] = ["This authenticator's key is already registered."] });
}
