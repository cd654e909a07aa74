using System.Net;
using System.Text.Json;
using Fowergram.Platform.Auth;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

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
    public async Task One_code_sent_by_two_logins_at_once_signs_in_once()
    {
        var account = await app.Client.RegisterAsync();
        var (secret, _) = await TurnOnAsync(account);
        var code = CodeAt(secret, 1);
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => LoginAsync(account, code)));
        Assert.Equal([200, 401, 401, 401], answers.Select(a => (int)a.StatusCode).Order());
    }

    private static byte[] Base32Decode(string text)
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
