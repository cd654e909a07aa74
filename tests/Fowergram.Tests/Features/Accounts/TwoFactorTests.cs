using System.Net;
using System.Text.Json;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Auth;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Two-factor sign-in (migration 0123): enrolment with the password, confirmation with a first code, logins that need a
/// code (never the same step twice) or a recovery code (once each), and turning it off with the password and a code.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TwoFactorTests(FowergramApp app)
{
    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null) =>
        app.Client.SendJsonAsync(method, path, body, token);

    private Task<HttpResponseMessage> LoginAsync(TestAccount account, string? code) =>
        app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = account.Password, code });

    private Task<(byte[] Secret, List<string> RecoveryCodes)> TurnOnAsync(TestAccount account) => TurnOnAsync(app, account);

    private string CodeAt(byte[] secret, int offset) => CodeAt(app, secret, offset);

    /// <summary>Enrols and confirms with the code of the current step; answers the secret and the recovery codes.</summary>
    internal static async Task<(byte[] Secret, List<string> RecoveryCodes)> TurnOnAsync(FowergramApp app, TestAccount account)
    {
        var enrolment = await (await app.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/users/me/two-factor", new { password = account.Password }, account.AccessToken))
            .ReadJsonAsync();
        var secret = Base32Decode(enrolment.GetProperty("secret").GetString()!);
        Assert.StartsWith($"otpauth://totp/fowergram:{account.Username}?secret={enrolment.GetProperty("secret").GetString()}",
            enrolment.GetProperty("otpauthUri").GetString());
        var confirmed = await (await app.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/users/me/two-factor/confirm",
            new { code = CodeAt(app, secret, 0) }, account.AccessToken)).ReadJsonAsync();
        return (secret, confirmed.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList());
    }

    /// <summary>The code of the step <paramref name="offset"/> away from the app's clock's current step.</summary>
    internal static string CodeAt(FowergramApp app, byte[] secret, int offset) => Totp.Code(secret, Totp.StepAt(app.Clock.GetUtcNow()) + offset);

    [Fact]
    public async Task With_two_factor_on_a_login_needs_a_fresh_code_or_an_unused_recovery_code()
    {
        var account = await app.Client.RegisterAsync();
        Assert.False((await (await app.Client.GetAsync("/api/v1/users/me/two-factor", account.AccessToken)).ReadJsonAsync()).GetProperty("enabled").GetBoolean());
        await (await SendAsync(HttpMethod.Post, "/api/v1/users/me/two-factor", account.AccessToken, new { password = "Not-the-password-1" }))
            .AssertValidationErrorAsync("password");
        await (await SendAsync(HttpMethod.Post, "/api/v1/users/me/two-factor/confirm", account.AccessToken, new { code = "123456" }))
            .AssertProblemAsync(HttpStatusCode.Conflict); // nothing to confirm yet
        (await LoginAsync(account, null)).EnsureSuccessStatusCode();

        var (secret, recovery) = await TurnOnAsync(account);
        Assert.Equal(10, recovery.Distinct().Count());
        var state = await (await app.Client.GetAsync("/api/v1/users/me/two-factor", account.AccessToken)).ReadJsonAsync();
        Assert.Equal((true, 10L), (state.GetProperty("enabled").GetBoolean(), state.GetProperty("recoveryCodesLeft").GetInt64()));
        await (await SendAsync(HttpMethod.Post, "/api/v1/users/me/two-factor", account.AccessToken, new { password = account.Password }))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        var asked = await (await LoginAsync(account, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.True(asked.GetProperty("twoFactorRequired").GetBoolean());
        var wrong = await (await LoginAsync(account, CodeAt(secret, 0) == "000000" ? "111111" : "000000")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(wrong.TryGetProperty("twoFactorRequired", out _));
        // (Every attempt counts towards the login throttle until one succeeds, as with passwords: hence this order.)
        (await LoginAsync(account, CodeAt(secret, 1))).EnsureSuccessStatusCode();
        await (await LoginAsync(account, CodeAt(secret, 0))).AssertProblemAsync(HttpStatusCode.Unauthorized); // spent by the confirmation
        await (await LoginAsync(account, CodeAt(secret, 1))).AssertProblemAsync(HttpStatusCode.Unauthorized); // a replay

        (await LoginAsync(account, recovery[0].ToUpperInvariant())).EnsureSuccessStatusCode();
        await (await LoginAsync(account, recovery[0])).AssertProblemAsync(HttpStatusCode.Unauthorized);
        (await LoginAsync(account, recovery[2].Replace("-", ""))).EnsureSuccessStatusCode(); // typed without its dash
        Assert.Equal(8L, (await (await app.Client.GetAsync("/api/v1/users/me/two-factor", account.AccessToken)).ReadJsonAsync())
            .GetProperty("recoveryCodesLeft").GetInt64());
    }

    [Fact]
    public async Task Turning_it_off_takes_the_password_and_a_code()
    {
        var account = await app.Client.RegisterAsync();
        var (_, recovery) = await TurnOnAsync(account);

        await (await SendAsync(HttpMethod.Delete, "/api/v1/users/me/two-factor", account.AccessToken, new { password = account.Password }))
            .AssertValidationErrorAsync("code");
        await (await SendAsync(HttpMethod.Delete, "/api/v1/users/me/two-factor", account.AccessToken, new { password = "Not-the-password-1", code = recovery[1] }))
            .AssertValidationErrorAsync("password");
        await (await SendAsync(HttpMethod.Delete, "/api/v1/users/me/two-factor", account.AccessToken, new { password = account.Password, code = "zzzz-zzzz" }))
            .AssertValidationErrorAsync("code");
        Assert.True((await (await app.Client.GetAsync("/api/v1/users/me/two-factor", account.AccessToken)).ReadJsonAsync()).GetProperty("enabled").GetBoolean());

        await (await SendAsync(HttpMethod.Delete, "/api/v1/users/me/two-factor", account.AccessToken, new { password = account.Password, code = recovery[1] }))
            .EnsureNoContentAsync();
        (await LoginAsync(account, null)).EnsureSuccessStatusCode();
        Assert.Equal(0L, await new PostsClient(app).ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM account_two_factor WHERE user_id = @id) + (SELECT count(*) FROM two_factor_recovery_codes WHERE user_id = @id)",
            new { id = account.Id }));
    }

    [Fact]
    public async Task With_two_factor_on_sensitive_changes_take_a_code_as_well_as_the_password()
    {
        var account = await app.Client.RegisterAsync();
        var (secret, recovery) = await TurnOnAsync(account);
        var newEmail = $"moved-{Guid.NewGuid():N}@example.com";
        object Password(object? code = null) => new { password = account.Password, code };
        var changes = new (HttpMethod Method, string Path, Func<string?, object> Body)[]
        {
            (HttpMethod.Post, "/api/v1/users/me/passkeys/options", code => Password(code)),
            (HttpMethod.Put, "/api/v1/users/me/email", code => new { email = newEmail, password = account.Password, code }),
            (HttpMethod.Delete, "/api/v1/users/me", code => Password(code)),
            (HttpMethod.Put, "/api/v1/users/me/password", code => new { currentPassword = account.Password, newPassword = "An-other-password-7", code }),
        };
        foreach (var (i, (method, path, body)) in changes.Index())
        {
            // The right password alone: a 400 naming code that tells the client to ask for it.
            var asked = await (await SendAsync(method, path, account.AccessToken, body(null))).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(asked.GetProperty("errors").TryGetProperty("code", out _), path);
            Assert.True(asked.GetProperty("twoFactorRequired").GetBoolean(), path);
            // A wrong code, or a code already used (the confirmation's step): a 400 naming code.
            await (await SendAsync(method, path, account.AccessToken, body("zzzz-zzzz"))).AssertValidationErrorAsync("code");
            await (await SendAsync(method, path, account.AccessToken, body(CodeAt(secret, 0)))).AssertValidationErrorAsync("code");
            (await LoginAsync(account, recovery[3 + i])).EnsureSuccessStatusCode(); // the old password still signs in; the count clears
        }
        // Nothing changed: the password, the address and the account are as they were, no passkey challenge was stored.
        Assert.Equal(1L, await new PostsClient(app).ScalarAsync<long>(
            "SELECT count(*) FROM users WHERE id = @id AND email = @email AND deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM passkey_challenges WHERE user_id = @id)",
            new { id = account.Id, email = account.Email }));

        // With a current code or an unused recovery code, each goes through (the password change last: it ends the session).
        (await SendAsync(changes[0].Method, changes[0].Path, account.AccessToken, changes[0].Body(recovery[1]))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(changes[1].Method, changes[1].Path, account.AccessToken, changes[1].Body(recovery[2]))).StatusCode);
        // A new password the policy refuses is judged before the code is spent: the same code then changes it.
        await (await SendAsync(HttpMethod.Put, "/api/v1/users/me/password", account.AccessToken,
            new { currentPassword = account.Password, newPassword = account.Password, code = CodeAt(secret, 1) })).AssertValidationErrorAsync("newPassword");
        (await SendAsync(changes[3].Method, changes[3].Path, account.AccessToken, changes[3].Body(CodeAt(secret, 1)))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_change_refused_for_what_it_asks_leaves_the_code_unspent()
    {
        var (account, other) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        var (_, recovery) = await TurnOnAsync(account);
        var posts = new PostsClient(app);

        // Another account's address, then the account's own: 409s, and the recovery code sent with them still serves.
        foreach (var taken in new[] { other.Email, account.Email })
        {
            var conflict = await (await SendAsync(HttpMethod.Put, "/api/v1/users/me/email", account.AccessToken,
                new { email = taken, password = account.Password, code = recovery[0] })).AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.True(conflict.GetProperty("errors").TryGetProperty("email", out _));
        }
        // So is a change the confirmation mails' throttle would refuse: a 429, the code unspent.
        var moved = new { email = $"moved-{Guid.NewGuid():N}@example.com", password = account.Password, code = recovery[0] };
        // (The 409 for another account's address counted under that throttle already: EmailChangeEnumerationTests.)
        await posts.ExecuteAsync("""
            INSERT INTO mail_throttles (kind, subject, window_starts_at, requests) VALUES (@kind, @subject, @now, @limit)
            ON CONFLICT (kind, subject) DO UPDATE SET window_starts_at = @now, requests = @limit
            """,
            new { kind = MailThrottle.Verification, subject = account.Id.ToString("D"), now = app.Clock.GetUtcNow(),
                  limit = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.MailRequestsPerWindow });
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(HttpMethod.Put, "/api/v1/users/me/email", account.AccessToken, moved)).StatusCode);
        await posts.ExecuteAsync("DELETE FROM mail_throttles WHERE subject = @subject", new { subject = account.Id.ToString("D") });
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Put, "/api/v1/users/me/email", account.AccessToken, moved)).StatusCode);

        // At the passkey cap the options are a 409 and the code stays unspent; with one key removed the same code serves.
        await posts.ExecuteAsync("""
            INSERT INTO passkeys (id, user_id, credential_id, public_key, sign_count, aaguid, transports, backed_up, name, created_at)
            SELECT gen_random_uuid(), @id, uuid_send(gen_random_uuid()), '\x01', 0, gen_random_uuid(), '{}', false, 'Key ' || n, now()
              FROM generate_series(1, @cap) n
            """, new { id = account.Id, cap = PasskeyRelyingParty.MaxPerAccount });
        await (await SendAsync(HttpMethod.Post, "/api/v1/users/me/passkeys/options", account.AccessToken,
            new { password = account.Password, code = recovery[1] })).AssertProblemAsync(HttpStatusCode.Conflict);
        await posts.ExecuteAsync("DELETE FROM passkeys WHERE user_id = @id AND name = 'Key 1'", new { id = account.Id });
        (await SendAsync(HttpMethod.Post, "/api/v1/users/me/passkeys/options", account.AccessToken,
            new { password = account.Password, code = recovery[1] })).EnsureSuccessStatusCode();
        Assert.Equal(8L, (await (await app.Client.GetAsync("/api/v1/users/me/two-factor", account.AccessToken)).ReadJsonAsync())
            .GetProperty("recoveryCodesLeft").GetInt64());
    }

    [Fact]
    public async Task Codes_guessed_behind_the_right_password_count_as_wrong_passwords()
    {
        var account = await app.Client.RegisterAsync();
        var (secret, recovery) = await TurnOnAsync(account);
        var failures = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.LoginMaxFailures;
        var right = new[] { -1, 0, 1 }.Select(step => CodeAt(secret, step)).ToHashSet();
        foreach (var guess in Enumerable.Range(0, 100).Select(n => n.ToString("000000")).Where(c => !right.Contains(c)).Take(failures))
        {
            await (await SendAsync(HttpMethod.Delete, "/api/v1/users/me/two-factor", account.AccessToken,
                new { password = account.Password, code = guess })).AssertValidationErrorAsync("code");
        }
        // Locked: the right password and an unused recovery code wait like a login, and two-factor stays on.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(HttpMethod.Delete, "/api/v1/users/me/two-factor", account.AccessToken,
            new { password = account.Password, code = recovery[0] })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(account, recovery[0])).StatusCode);
        Assert.True((await (await app.Client.GetAsync("/api/v1/users/me/two-factor", account.AccessToken)).ReadJsonAsync()).GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task New_recovery_codes_take_the_password_and_a_code_and_void_the_earlier_ones()
    {
        var account = await app.Client.RegisterAsync();
        var (secret, recovery) = await TurnOnAsync(account);
        // The "turned on" mail carries its revert link only while the factor is on: delivered now, not after the test turns it
        // off (under load the host's own dispatcher could be that late, and the mail rightly had no link).
        await TestMailbox.DeliverAsync(app, account, EmailDeliveryConsumer.ConsumerName, AccountEvents.TwoFactorChanged);
        const string path = "/api/v1/users/me/two-factor/recovery-codes";
        await (await SendAsync(HttpMethod.Post, path, account.AccessToken, new { password = account.Password })).AssertValidationErrorAsync("code");
        await (await SendAsync(HttpMethod.Post, path, account.AccessToken, new { password = "Not-the-password-1", code = CodeAt(secret, 1) }))
            .AssertValidationErrorAsync("password");
        await (await SendAsync(HttpMethod.Post, path, account.AccessToken, new { password = account.Password, code = "zzzz-zzzz" }))
            .AssertValidationErrorAsync("code");
        (await LoginAsync(account, recovery[0])).EnsureSuccessStatusCode(); // nothing changed (and the count clears)

        var renewed = await (await SendAsync(HttpMethod.Post, path, account.AccessToken, new { password = account.Password, code = recovery[1] }))
            .ReadJsonAsync();
        var fresh = renewed.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, fresh.Distinct().Count());
        Assert.Empty(fresh.Intersect(recovery));
        var state = await (await app.Client.GetAsync("/api/v1/users/me/two-factor", account.AccessToken)).ReadJsonAsync();
        Assert.Equal(10, state.GetProperty("recoveryCodesLeft").GetInt64());
        // An earlier code never used is void now; a new one signs in once.
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(account, recovery[2])).StatusCode);
        (await LoginAsync(account, fresh[0])).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(account, fresh[0])).StatusCode);

        // With two-factor off there are none to renew.
        await (await SendAsync(HttpMethod.Delete, "/api/v1/users/me/two-factor", account.AccessToken, new { password = account.Password, code = fresh[1] }))
            .EnsureNoContentAsync();
        await (await SendAsync(HttpMethod.Post, path, account.AccessToken, new { password = account.Password, code = fresh[2] }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0L, await new PostsClient(app).ScalarAsync<long>("SELECT count(*) FROM two_factor_recovery_codes WHERE user_id = @id", new { id = account.Id }));

        // Each change was told to the owner by mail, once: someone else's would not go unnoticed.
        string[] notices = [AccountMails.TwoFactorOnSubject, AccountMails.RecoveryCodesSubject, AccountMails.TwoFactorOffSubject];
        var mails = (await TestMailbox.DeliverAsync(app, account, EmailDeliveryConsumer.ConsumerName, AccountEvents.TwoFactorChanged))
            .Where(m => notices.Contains(m.Subject)).ToList();
        Assert.Equal(notices.Order(), mails.Select(m => m.Subject).Order());
        Assert.All(mails, m => Assert.Contains(m.Subject == AccountMails.TwoFactorOnSubject ? "/secure-two-factor?token=" : "/forgot-password", m.TextBody));
    }

    [Fact]
    public async Task Right_passwords_for_sensitive_changes_do_not_add_up_to_a_lock()
    {
        // Each check of the password counts as an attempt until it succeeds; a success clears the count, as at login.
        var account = await app.Client.RegisterAsync();
        for (var i = 0; i < 7; i++)
        {
            (await SendAsync(HttpMethod.Post, "/api/v1/users/me/two-factor", account.AccessToken, new { password = account.Password })).EnsureSuccessStatusCode();
        }
        (await LoginAsync(account, null)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Changes_refused_for_what_they_ask_do_not_add_up_to_a_lock()
    {
        // The right password with a change the rules refuse (a weak new password, the account's own address, the passkey cap) is no
        // wrong guess: with two-factor off it clears the count as a success does; with it on, the attempt is taken back (the
        // code was not tried), so neither the owner's retries lock the logins nor do they reset the count of code guesses.
        var plain = await app.Client.RegisterAsync();
        var guarded = await app.Client.RegisterAsync();
        var (secret, recovery) = await TurnOnAsync(guarded);
        var failures = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.LoginMaxFailures;
        foreach (var (account, code) in new[] { (plain, (string?)null), (guarded, recovery[0]) })
        {
            for (var i = 0; i < failures + 2; i++)
            {
                await (await SendAsync(HttpMethod.Put, "/api/v1/users/me/password", account.AccessToken,
                    new { currentPassword = account.Password, newPassword = "short", code })).AssertValidationErrorAsync("newPassword");
                // The account's own address: another account's now counts under the mail limit (EmailChangeEnumerationTests).
                await (await SendAsync(HttpMethod.Put, "/api/v1/users/me/email", account.AccessToken,
                    new { email = account.Email, password = account.Password, code })).AssertProblemAsync(HttpStatusCode.Conflict);
            }
        }
        (await LoginAsync(plain, null)).EnsureSuccessStatusCode();
        (await LoginAsync(guarded, recovery[0])).EnsureSuccessStatusCode(); // unspent by the refusals, and no lock

        // Code guesses still add up: refusals in between do not clear them.
        var right = new[] { -1, 0, 1, 2 }.Select(step => CodeAt(secret, step)).ToHashSet();
        var guesses = Enumerable.Range(0, 100).Select(n => n.ToString("000000")).Where(c => !right.Contains(c)).Take(failures).ToList();
        foreach (var (i, guess) in guesses.Index())
        {
            await (await SendAsync(HttpMethod.Delete, "/api/v1/users/me/two-factor", guarded.AccessToken,
                new { password = guarded.Password, code = guess })).AssertValidationErrorAsync("code");
            if (i < guesses.Count - 1) // the last guess locks
                await (await SendAsync(HttpMethod.Put, "/api/v1/users/me/password", guarded.AccessToken,
                    new { currentPassword = guarded.Password, newPassword = "short", code = recovery[1] })).AssertValidationErrorAsync("newPassword");
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(guarded, recovery[1])).StatusCode);
    }

    [Fact]
    public async Task One_code_sent_by_two_logins_at_once_signs_in_once()
    {
        var account = await app.Client.RegisterAsync();
        var (secret, _) = await TurnOnAsync(account);
        var code = CodeAt(secret, 1);
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => LoginAsync(account, code)));
        Assert.Equal([200, 401, 401, 401], answers.Select(a => (int)a.StatusCode).Order());
    }

    internal static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c);
            bits += 5;
            if (bits < 8) continue;
            bytes.Add((byte)(buffer >> (bits - 8)));
            bits -= 8;
        }
        return [.. bytes];
    }
}
