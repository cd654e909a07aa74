using System.Net;
using System.Net.Http.Json;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Signing in with a passkey (docs/accounts.md "Passkeys"): in place of the password and the code, with the same end as a
/// password login, and one 401 for every answer that does not prove the key.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PasskeySignInTests(FowergramApp app)
{
    private static async Task<string> AccessTokenOfAsync(HttpResponseMessage response) =>
        (await response.ReadJsonAsync()).GetProperty("accessToken").GetString()!;

    [Fact]
    public async Task A_passkey_signs_in_without_password_or_code_and_the_tokens_work()
    {
        var account = await app.Client.RegisterAsync();
        using var phone = new SoftwareAuthenticator();
        await app.AddPasskeyAsync(account, phone);
        await TwoFactorTests.TurnOnAsync(app, account); // a passkey is possession and user verification: no code is asked

        var discoverable = await app.SignInOptionsAsync();
        Assert.Empty(discoverable.GetProperty("publicKey").GetProperty("allowCredentials").EnumerateArray());
        Assert.Equal(("localhost", "required"), (discoverable.GetProperty("publicKey").GetProperty("rpId").GetString(),
            discoverable.GetProperty("publicKey").GetProperty("userVerification").GetString()));
        var signedIn = await (await app.SendSignInAsync(discoverable, phone.Get(discoverable.GetProperty("publicKey")))).ReadJsonAsync();
        Assert.True(signedIn.TryGetProperty("refreshToken", out _));
        var me = await app.Client.MeAsync(signedIn.GetProperty("accessToken").GetString()!);
        Assert.Equal(account.Username, me.GetProperty("username").GetString());
        (await app.Client.RefreshAsync(signedIn.GetProperty("refreshToken").GetString()!)).EnsureSuccessStatusCode();

        // By username: the account's keys are listed, and the challenge is the account's.
        var byLogin = await app.SignInOptionsAsync(account.Username.ToUpperInvariant());
        Assert.Equal(phone.Id, Assert.Single(byLogin.GetProperty("publicKey").GetProperty("allowCredentials").EnumerateArray()).GetProperty("id").GetString());
        await AccessTokenOfAsync(await app.SendSignInAsync(byLogin, phone.Get(byLogin.GetProperty("publicKey"))));

        var listed = Assert.Single(await app.PasskeysAsync(account));
        Assert.Equal(app.Clock.GetUtcNow(), listed.GetProperty("lastUsedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT sign_count FROM passkeys WHERE user_id = @Id", account));

        // An unknown login or one without passkeys is answered as a discoverable request: the answer tells nothing.
        var nobody = await app.SignInOptionsAsync("nobody-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Empty(nobody.GetProperty("publicKey").GetProperty("allowCredentials").EnumerateArray());
        // An e-mail address never lists keys, so the answer cannot tell whether an address has an account; the discoverable
        // key still signs in.
        var byEmail = await app.SignInOptionsAsync(account.Email);
        Assert.Empty(byEmail.GetProperty("publicKey").GetProperty("allowCredentials").EnumerateArray());
        await AccessTokenOfAsync(await app.SendSignInAsync(byEmail, phone.Get(byEmail.GetProperty("publicKey"))));
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
    public async Task An_Ed25519_security_key_registers_and_signs_in_and_a_forged_signature_is_refused()
    {
        var account = await app.Client.RegisterAsync();
        using var key = new SoftwareAuthenticator(ed25519: true);
        await app.AddPasskeyAsync(account, key, "Security key");
        // Stored as the authenticator gave it: a COSE OKP key (kty 1), EdDSA (alg -8), Ed25519 (crv 6).
        var cose = await app.ScalarAsync<byte[]>("SELECT public_key FROM passkeys WHERE user_id = @Id", account);
        Assert.Equal([0xA4, 0x01, 0x01, 0x03, 0x27, 0x20, 0x06], cose[..7]);

        var options = await app.SignInOptionsAsync(account.Username);
        await AssertRefusedAsync(await app.SendSignInAsync(options, key.Get(options.GetProperty("publicKey"), tamperSignature: true)));
        var signedIn = await (await app.PasskeySignInAsync(key, account.Username)).ReadJsonAsync();
        var me = await app.Client.MeAsync(signedIn.GetProperty("accessToken").GetString()!);
        Assert.Equal(account.Username, me.GetProperty("username").GetString());
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT sign_count FROM passkeys WHERE user_id = @Id", account));
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
        Assert.Equal(11L, await app.ScalarAsync<long>("SELECT sign_count FROM passkeys WHERE user_id = @Id", account));

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

    internal static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("The passkey could not be verified; ask for new options and try again.", problem.GetProperty("detail").GetString());
    }
}
