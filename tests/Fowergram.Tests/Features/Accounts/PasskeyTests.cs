using System.Net;
using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Passkeys (docs/accounts.md "Passkeys", migration 0188): registered with the password asked again, listed, renamed and
/// removed with the session, and signing in in place of the password and the code, with a software authenticator that
/// answers as a real one does.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PasskeyTests(FowergramApp app)
{
    [Fact]
    public async Task A_passkey_is_registered_listed_renamed_and_removed()
    {
        var (account, other) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        using var phone = new SoftwareAuthenticator();

        var options = await app.CreationOptionsAsync(account);
        var publicKey = options.GetProperty("publicKey");
        Assert.Equal(("localhost", "Fowergram"), (publicKey.GetProperty("rp").GetProperty("id").GetString(), publicKey.GetProperty("rp").GetProperty("name").GetString()));
        Assert.Equal(account.Username, publicKey.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal("required", publicKey.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString());
        Assert.Equal("none", publicKey.GetProperty("attestation").GetString());
        Assert.Equal([-7, -8, -257], publicKey.GetProperty("pubKeyCredParams").EnumerateArray().Select(p => p.GetProperty("alg").GetInt32()));
        Assert.Empty(publicKey.GetProperty("excludeCredentials").EnumerateArray());

        var added = await (await app.SendRegistrationAsync(account, options, phone.Create(publicKey), "  Work laptop  ")).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Work laptop", added.GetProperty("name").GetString());
        Assert.Equal(SoftwareAuthenticator.DefaultAaguid, added.GetProperty("aaguid").GetGuid());
        Assert.Equal(["internal", "hybrid"], added.GetProperty("transports").EnumerateArray().Select(t => t.GetString()));
        Assert.False(added.GetProperty("synced").GetBoolean());
        Assert.False(added.TryGetProperty("lastUsedAt", out _));
        Assert.False(added.TryGetProperty("publicKey", out _));
        var id = added.GetProperty("id").GetString()!;

        // The owner is told by mail: a passkey signs in without the password.
        var mail = Assert.Single(await TestMailbox.DeliverAsync(app, account, EmailDeliveryConsumer.ConsumerName, AccountEvents.PasskeyAdded),
            m => m.Subject == AccountMails.PasskeyAddedSubject);
        Assert.Contains("\"Work laptop\"", mail.TextBody);
        Assert.Contains("/forgot-password", mail.TextBody);

        // Asking again: the key is excluded, so the authenticator will not make a second one.
        var again = await app.CreationOptionsAsync(account);
        Assert.Equal(phone.Id, Assert.Single(again.GetProperty("publicKey").GetProperty("excludeCredentials").EnumerateArray()).GetProperty("id").GetString());

        Assert.Equal(id, Assert.Single(await app.PasskeysAsync(account)).GetProperty("id").GetString());
        Assert.Empty(await app.PasskeysAsync(other));
        await (await app.Client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/users/me/passkeys/{id}", new { name = "Theirs" }, other.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        var renamed = await (await app.Client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/users/me/passkeys/{id}", new { name = "Home laptop" }, account.AccessToken))
            .ReadJsonAsync();
        Assert.Equal("Home laptop", renamed.GetProperty("name").GetString());
        var tulips = string.Concat(Enumerable.Repeat("🌷", PasskeysApi.NameMax)); // characters, as passkeys.name counts them
        Assert.Equal(tulips, (await (await app.Client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/users/me/passkeys/{id}", new { name = tulips },
            account.AccessToken)).ReadJsonAsync()).GetProperty("name").GetString());
        await app.Client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/users/me/passkeys/{id}", new { name = "Home laptop" }, account.AccessToken);

        var export = await (await app.Client.GetAsync("/api/v1/users/me/export", account.AccessToken)).ReadJsonAsync();
        var exported = Assert.Single(export.GetProperty("passkeys").EnumerateArray());
        Assert.Equal(("Home laptop", id), (exported.GetProperty("name").GetString(), exported.GetProperty("id").GetString()));
        Assert.DoesNotContain(phone.Id, export.GetRawText());

        await (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/passkeys/{id}", null, other.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/passkeys/{id}", null, account.AccessToken)).StatusCode);
        Assert.Empty(await app.PasskeysAsync(account));
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/passkeys/{id}", null, account.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.PasskeySignInAsync(phone)).AssertProblemAsync(HttpStatusCode.Unauthorized); // a removed key no longer signs in
    }

    [Fact]
    public async Task Options_asked_with_a_token_from_before_a_rename_name_the_account_as_it_is_now()
    {
        var account = await app.Client.RegisterAsync();
        var renamed = TestAccounts.NewUsername("pk");
        await new UsernameClient(app).RenameOkAsync(account, renamed); // the access token still carries the old name

        using var phone = new SoftwareAuthenticator();
        var options = await app.CreationOptionsAsync(account);
        var user = options.GetProperty("publicKey").GetProperty("user");
        Assert.Equal((renamed, renamed), (user.GetProperty("name").GetString(), user.GetProperty("displayName").GetString()));
        await (await app.SendRegistrationAsync(account, options, phone.Create(options.GetProperty("publicKey")))).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_cap_is_ten_and_a_key_is_registered_once()
    {
        var (account, other) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        var keys = Enumerable.Range(0, PasskeyRelyingParty.MaxPerAccount).Select(_ => new SoftwareAuthenticator()).ToList();
        try
        {
            foreach (var key in keys.Take(PasskeyRelyingParty.MaxPerAccount - 1)) await app.AddPasskeyAsync(account, key);
            // The same key for another account: one credential id names one account.
            var theirs = await app.CreationOptionsAsync(other);
            var conflict = await (await app.SendRegistrationAsync(other, theirs, keys[0].Create(theirs.GetProperty("publicKey")))).AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.True(conflict.GetProperty("errors").TryGetProperty("credential", out _));
            Assert.Empty(await app.PasskeysAsync(other));

            // Options asked at nine, answered after a tenth arrived (from another client, which took options before these
            // replaced its own): the cap holds at the answer too.
            var pending = await app.CreationOptionsAsync(account);
            await using (var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
                await conn.ExecuteAsync("""
                    INSERT INTO passkeys (id, user_id, credential_id, public_key, sign_count, aaguid, transports, backed_up, name, created_at)
                    VALUES (gen_random_uuid(), @Id, @credentialId, '\x01', 0, gen_random_uuid(), '{}', false, 'Tablet', now())
                    """, new { account.Id, credentialId = keys[^1].CredentialId });
            using var eleventh = new SoftwareAuthenticator();
            await (await app.SendRegistrationAsync(account, pending, eleventh.Create(pending.GetProperty("publicKey")))).AssertProblemAsync(HttpStatusCode.Conflict);
            await (await app.Client.PostJsonAsync("/api/v1/users/me/passkeys/options", new { password = account.Password }, account.AccessToken))
                .AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal(PasskeyRelyingParty.MaxPerAccount, (await app.PasskeysAsync(account)).Count);
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }

    [Fact]
    public async Task Bad_registrations_are_400s_naming_the_member_and_change_nothing()
    {
        var account = await app.Client.RegisterAsync();
        using var phone = new SoftwareAuthenticator();
        const string path = "/api/v1/users/me/passkeys/options";
        await (await app.Client.PostJsonAsync(path, new { }, account.AccessToken)).AssertValidationErrorAsync("password");
        await (await app.Client.PostJsonAsync(path, new { password = "Not-the-password-1" }, account.AccessToken)).AssertValidationErrorAsync("password");
        await (await app.Client.PostJsonAsync(path, new { password = account.Password })).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var options = await app.CreationOptionsAsync(account);
        var publicKey = options.GetProperty("publicKey");
        var good = phone.Create(publicKey);
        var challengeId = options.GetProperty("challengeId").GetString();
        async Task RefusedAsync(object body, string field) =>
            await (await app.Client.PostJsonAsync("/api/v1/users/me/passkeys", body, account.AccessToken)).AssertValidationErrorAsync(field);
        await RefusedAsync(new { name = "x", credential = good }, "challengeId");
        await RefusedAsync(new { challengeId, name = new string('x', 65), credential = good }, "name");
        await RefusedAsync(new { challengeId, name = "   ", credential = good }, "name");
        await RefusedAsync(new { challengeId, name = "x" }, "credential");
        await RefusedAsync(new { challengeId, credential = new { id = phone.Id, response = new { clientDataJSON = "***", attestationObject = "AAAA" } } },
            "credential.response.clientDataJSON");
        await RefusedAsync(new { challengeId, credential = new { id = phone.Id, type = "password", response = new { clientDataJSON = "AAAA", attestationObject = "AAAA" } } },
            "credential.type");
        await RefusedAsync(new { challengeId, credential = new { id = "AAAA", response = new { clientDataJSON = "AAAA", attestationObject = "AAAA" } } },
            "credential.id");
        await RefusedAsync(new { challengeId, credential = new { id = phone.Id, response = new { clientDataJSON = "AAAA", attestationObject = "AAAA", transports = new[] { "carrier-pigeon" } } } },
            "credential.response.transports");
        await RefusedAsync(new { challengeId = Guid.NewGuid(), credential = good }, "challengeId");
        Assert.Empty(await app.PasskeysAsync(account));

        // None of those spent the challenge; a wrong origin does, and is refused.
        phone.Origin = "https://evil.example";
        await (await app.SendRegistrationAsync(account, options, phone.Create(publicKey))).AssertValidationErrorAsync("credential");
        phone.Origin = "http://localhost:7071";
        await (await app.SendRegistrationAsync(account, options, good)).AssertValidationErrorAsync("challengeId");

        var unverified = await app.CreationOptionsAsync(account);
        phone.VerifiesUser = false;
        await (await app.SendRegistrationAsync(account, unverified, phone.Create(unverified.GetProperty("publicKey")))).AssertValidationErrorAsync("credential");
        phone.VerifiesUser = true;
        var otherAccount = await app.Client.RegisterAsync();
        var notMine = await app.CreationOptionsAsync(account);
        await (await app.SendRegistrationAsync(otherAccount, notMine, phone.Create(notMine.GetProperty("publicKey")))).AssertValidationErrorAsync("challengeId");
        Assert.Empty(await app.PasskeysAsync(account));
        Assert.Empty(await app.PasskeysAsync(otherAccount));

        var id = (await app.AddPasskeyAsync(account, phone)).GetProperty("id").GetString();
        await (await app.Client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/users/me/passkeys/{id}", new { name = "" }, account.AccessToken)).AssertValidationErrorAsync("name");
        // A name is one line (docs/api.md "Text limits").
        foreach (var oneLine in new[] { "Work\nlaptop", "Work\u2028laptop", "Work\tlaptop" })
            await (await app.Client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/users/me/passkeys/{id}", new { name = oneLine }, account.AccessToken))
                .AssertValidationErrorAsync("name");
        await (await app.Client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me/passkeys/not-an-id", new { name = "x" }, account.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("My phone", Assert.Single(await app.PasskeysAsync(account)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Housekeeping_deletes_expired_challenges()
    {
        var account = await app.Client.RegisterAsync();
        var options = await app.CreationOptionsAsync(account);
        var id = Guid.Parse(options.GetProperty("challengeId").GetString()!);
        var job = app.Services.GetServices<Fowergram.Platform.Jobs.IScheduledJob>().OfType<AuthHousekeepingJob>().Single();
        await job.RunAsync(app.Clock.GetUtcNow(), default);
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM passkey_challenges WHERE id = @id", new { id }));
        await job.RunAsync(app.Clock.GetUtcNow() + PasskeyRelyingParty.ChallengeLifetime, default);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM passkey_challenges WHERE id = @id", new { id }));
    }
}
