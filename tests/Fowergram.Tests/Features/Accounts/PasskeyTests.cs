using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
    private NpgsqlDataSource Db => app.Services.GetRequiredService<NpgsqlDataSource>();

    private async Task<T> ScalarAsync<T>(string sql, object args)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    private static async Task<string> AccessTokenOfAsync(HttpResponseMessage response) =>
        (await response.ReadJsonAsync()).GetProperty("accessToken").GetString()!;

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
        Assert.Equal([-7, -257], publicKey.GetProperty("pubKeyCredParams").EnumerateArray().Select(p => p.GetProperty("alg").GetInt32()));
        Assert.Empty(publicKey.GetProperty("excludeCredentials").EnumerateArray());

        var added = await (await app.SendRegistrationAsync(account, options, phone.Create(publicKey), "  Work laptop  ")).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Work laptop", added.GetProperty("name").GetString());
        Assert.Equal(SoftwareAuthenticator.DefaultAaguid, added.GetProperty("aaguid").GetGuid());
        Assert.Equal(["internal", "hybrid"], added.GetProperty("transports").EnumerateArray().Select(t => t.GetString()));
        Assert.False(added.GetProperty("synced").GetBoolean());
        Assert.False(added.TryGetProperty("lastUsedAt", out _));
        Assert.False(added.TryGetProperty("publicKey", out _));
        var id = added.GetProperty("id").GetString()!;

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
    public async Task A_passkey_signs_in_without_password_or_code_and_the_tokens_work()
    {
        var account = await app.Client.RegisterAsync();
        await TwoFactorTests.TurnOnAsync(app, account); // a passkey is possession and user verification: no code is asked
        using var phone = new SoftwareAuthenticator();
        await app.AddPasskeyAsync(account, phone);

        var discoverable = await app.SignInOptionsAsync();
        Assert.Empty(discoverable.GetProperty("publicKey").GetProperty("allowCredentials").EnumerateArray());
        Assert.Equal(("localhost", "required"), (discoverable.GetProperty("publicKey").GetProperty("rpId").GetString(),
            discoverable.GetProperty("publicKey").GetProperty("userVerification").GetString()));
        var signedIn = await (await app.SendSignInAsync(discoverable, phone.Get(discoverable.GetProperty("publicKey")))).ReadJsonAsync();
        Assert.True(signedIn.TryGetProperty("refreshToken", out _));
        var me = await app.Client.MeAsync(signedIn.GetProperty("accessToken").GetString()!);
        Assert.Equal(account.Username, me.GetProperty("username").GetString());
        (await app.Client.RefreshAsync(signedIn.GetProperty("refreshToken").GetString()!)).EnsureSuccessStatusCode();

        // By login: the account's keys are listed, and the challenge is the account's.
        var byLogin = await app.SignInOptionsAsync(account.Email.ToUpperInvariant());
        Assert.Equal(phone.Id, Assert.Single(byLogin.GetProperty("publicKey").GetProperty("allowCredentials").EnumerateArray()).GetProperty("id").GetString());
        await AccessTokenOfAsync(await app.SendSignInAsync(byLogin, phone.Get(byLogin.GetProperty("publicKey"))));

        var listed = Assert.Single(await app.PasskeysAsync(account));
        Assert.Equal(app.Clock.GetUtcNow(), listed.GetProperty("lastUsedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(2L, await ScalarAsync<long>("SELECT sign_count FROM passkeys WHERE user_id = @Id", account));

        // An unknown login or one without passkeys is answered as a discoverable request: the answer tells nothing.
        var nobody = await app.SignInOptionsAsync("nobody-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Empty(nobody.GetProperty("publicKey").GetProperty("allowCredentials").EnumerateArray());
    }

    [Fact]
    public async Task A_challenge_is_good_once_for_five_minutes_and_only_for_what_it_was_issued()
    {
        var account = await app.Client.RegisterAsync();
        using var phone = new SoftwareAuthenticator();
        await app.AddPasskeyAsync(account, phone);

        var options = await app.SignInOptionsAsync();
        var other = await app.SignInOptionsAsync();
        // Signed over another challenge than the one the request names.
        await AssertRefusedAsync(await app.SendSignInAsync(options, phone.Get(options.GetProperty("publicKey"), other.GetProperty("publicKey").GetProperty("challenge").GetString())));
        // That attempt spent it, although it failed.
        await AssertRefusedAsync(await app.SendSignInAsync(options, phone.Get(options.GetProperty("publicKey"))));

        var used = await app.SignInOptionsAsync();
        (await app.SendSignInAsync(used, phone.Get(used.GetProperty("publicKey")))).EnsureSuccessStatusCode();
        await AssertRefusedAsync(await app.SendSignInAsync(used, phone.Get(used.GetProperty("publicKey")))); // replayed

        var expiring = await app.SignInOptionsAsync();
        app.Clock.Advance(PasskeyRelyingParty.ChallengeLifetime + TimeSpan.FromSeconds(1));
        await AssertRefusedAsync(await app.SendSignInAsync(expiring, phone.Get(expiring.GetProperty("publicKey"))));

        // A registration's challenge does not sign in.
        var registration = await app.CreationOptionsAsync(account);
        await AssertRefusedAsync(await app.SendSignInAsync(registration, phone.Get(registration.GetProperty("publicKey"))));
        (await app.PasskeySignInAsync(phone)).EnsureSuccessStatusCode(); // the failures above locked nothing yet
    }

    [Fact]
    public async Task Answers_that_do_not_prove_the_key_get_one_401()
    {
        var (account, other) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        using var phone = new SoftwareAuthenticator();
        using var theirs = new SoftwareAuthenticator();
        using var stranger = new SoftwareAuthenticator();
        await app.AddPasskeyAsync(account, phone);
        await app.AddPasskeyAsync(other, theirs);

        phone.Origin = "https://evil.example";
        await AssertRefusedAsync(await app.PasskeySignInAsync(phone));
        phone.Origin = "http://localhost:7071";
        phone.RpId = "evil.example";
        await AssertRefusedAsync(await app.PasskeySignInAsync(phone));
        phone.RpId = "localhost";
        var options = await app.SignInOptionsAsync();
        await AssertRefusedAsync(await app.SendSignInAsync(options, phone.Get(options.GetProperty("publicKey"), tamperSignature: true)));
        phone.VerifiesUser = false;
        await AssertRefusedAsync(await app.PasskeySignInAsync(phone));
        phone.VerifiesUser = true;
        await AssertRefusedAsync(await app.PasskeySignInAsync(stranger)); // a key nobody registered
        // Options for this account, answered with another account's key.
        await AssertRefusedAsync(await app.PasskeySignInAsync(theirs, account.Username));

        (await app.PasskeySignInAsync(phone)).EnsureSuccessStatusCode();
        (await app.PasskeySignInAsync(theirs)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_counter_that_does_not_grow_is_refused_as_a_possible_clone()
    {
        var account = await app.Client.RegisterAsync();
        using var phone = new SoftwareAuthenticator { SignCount = 10 };
        await app.AddPasskeyAsync(account, phone);
        (await app.PasskeySignInAsync(phone)).EnsureSuccessStatusCode(); // 11

        phone.SignCount = 5;
        await AssertRefusedAsync(await app.PasskeySignInAsync(phone)); // 6 after 11
        phone.SignCount = 10;
        await AssertRefusedAsync(await app.PasskeySignInAsync(phone)); // 11 again
        phone.SignCount = 0;
        phone.CountStep = 0;
        await AssertRefusedAsync(await app.PasskeySignInAsync(phone)); // a counting key that stops counting
        Assert.Equal(11L, await ScalarAsync<long>("SELECT sign_count FROM passkeys WHERE user_id = @Id", account));

        // A key that never counts (synced passkeys answer 0 every time) is fine.
        var synced = await app.Client.RegisterAsync();
        using var cloud = new SoftwareAuthenticator { CountStep = 0 };
        await app.AddPasskeyAsync(synced, cloud);
        (await app.PasskeySignInAsync(cloud)).EnsureSuccessStatusCode();
        (await app.PasskeySignInAsync(cloud)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Failures_are_throttled_as_wrong_passwords_and_a_suspended_owner_is_told_only_with_the_key()
    {
        var account = await app.Client.RegisterAsync();
        using var phone = new SoftwareAuthenticator();
        await app.AddPasskeyAsync(account, phone);
        for (var i = 0; i < 5; i++)
        {
            var options = await app.SignInOptionsAsync();
            await AssertRefusedAsync(await app.SendSignInAsync(options, phone.Get(options.GetProperty("publicKey"), tamperSignature: true)));
        }
        var locked = await (await app.PasskeySignInAsync(phone)).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many", locked.GetProperty("detail").GetString());
        // The lock is the account's: the password waits too.
        await (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = account.Password }))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        (await app.PasskeySignInAsync(phone)).EnsureSuccessStatusCode();

        var posts = new Posts.PostsClient(app);
        var moderator = await Moderation.ModerationSteps.ModeratorAsync(posts);
        (await posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{account.Username}", moderator, new { reason = "spam" })).EnsureSuccessStatusCode();
        var bad = await app.SignInOptionsAsync();
        await AssertRefusedAsync(await app.SendSignInAsync(bad, phone.Get(bad.GetProperty("publicKey"), tamperSignature: true)));
        var refused = await (await app.PasskeySignInAsync(phone)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("suspended", refused.GetProperty("detail").GetString());
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
            await using (var conn = await Db.OpenConnectionAsync())
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
        await (await app.Client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me/passkeys/not-an-id", new { name = "x" }, account.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("My phone", Assert.Single(await app.PasskeysAsync(account)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Bad_sign_ins_are_400s_and_spend_no_challenge()
    {
        using var phone = new SoftwareAuthenticator();
        var account = await app.Client.RegisterAsync();
        await app.AddPasskeyAsync(account, phone);
        var options = await app.SignInOptionsAsync();
        var good = phone.Get(options.GetProperty("publicKey"));
        const string path = "/api/v1/auth/passkeys/login";
        await (await app.Client.PostJsonAsync(path, new { credential = good })).AssertValidationErrorAsync("challengeId");
        await (await app.Client.PostJsonAsync(path, new { challengeId = options.GetProperty("challengeId").GetString() })).AssertValidationErrorAsync("credential");
        await (await app.Client.PostJsonAsync(path, new { challengeId = options.GetProperty("challengeId").GetString(),
            credential = new { id = phone.Id, response = new { clientDataJSON = "AAAA", authenticatorData = "AAAA" } } })).AssertValidationErrorAsync("credential.response.signature");
        await (await app.Client.PostJsonAsync(path, new { challengeId = "tomorrow", credential = good })).AssertValidationErrorAsync("challengeId");
        await (await app.Client.PostJsonAsync("/api/v1/auth/passkeys/options", new { login = new string('a', 300) })).AssertValidationErrorAsync("login");
        await (await app.Client.PostJsonAsync(path, new { challengeId = Guid.NewGuid(), credential = good })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        (await app.SendSignInAsync(options, good)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_passkey_sign_in_from_a_new_device_alerts_the_owner_as_a_password_login_does()
    {
        var account = await app.Client.RegisterAsync();
        using var phone = new SoftwareAuthenticator();
        await app.AddPasskeyAsync(account, phone);
        var options = await app.SignInOptionsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/passkeys/login")
        {
            Content = JsonContent.Create(new { challengeId = options.GetProperty("challengeId").GetString(), credential = phone.Get(options.GetProperty("publicKey")) }),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", "Passkey Phone/1.0");
        (await app.Client.SendAsync(request)).EnsureSuccessStatusCode();

        var alert = Assert.Single(await TestMailbox.DeliverAsync(app, account, EmailDeliveryConsumer.ConsumerName, AccountEvents.NewDeviceLogin),
            m => m.Subject == AccountMails.NewDeviceLoginSubject);
        Assert.Contains("Passkey Phone/1.0", alert.TextBody);
    }

    [Fact]
    public async Task Housekeeping_deletes_expired_challenges()
    {
        var account = await app.Client.RegisterAsync();
        var options = await app.CreationOptionsAsync(account);
        var id = Guid.Parse(options.GetProperty("challengeId").GetString()!);
        var job = app.Services.GetServices<Fowergram.Platform.Jobs.IScheduledJob>().OfType<AuthHousekeepingJob>().Single();
        await job.RunAsync(app.Clock.GetUtcNow(), default);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM passkey_challenges WHERE id = @id", new { id }));
        await job.RunAsync(app.Clock.GetUtcNow() + PasskeyRelyingParty.ChallengeLifetime, default);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM passkey_challenges WHERE id = @id", new { id }));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("The passkey could not be verified; ask for new options and try again.", problem.GetProperty("detail").GetString());
    }
}
