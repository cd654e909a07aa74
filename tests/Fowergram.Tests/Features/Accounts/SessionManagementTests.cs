using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Where one is logged in (migration 0121): the live sessions with their devices, ending one, ending all the others; and
/// changing the password while signed in, which ends every session and answers a new one.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SessionManagementTests(FowergramApp app)
{
    private async Task<(string AccessToken, string RefreshToken)> LoginFromAsync(TestAccount account, string device)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { login = account.Username, password = account.Password }),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", device);
        var body = await (await app.Client.SendAsync(request)).ReadJsonAsync();
        return (body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    private async Task<List<JsonElement>> SessionsAsync(string accessToken) =>
        (await (await app.Client.GetAsync("/api/v1/users/me/sessions", accessToken)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task An_account_sees_where_it_is_logged_in_and_ends_one_session_or_all_the_others()
    {
        var account = await app.Client.RegisterAsync();
        var phone = await LoginFromAsync(account, "Fowergram-iOS/3.1 (iPhone15,2)");
        var laptop = await LoginFromAsync(account, "Mozilla/5.0 (X11; Linux x86_64) " + new string('x', 300));

        var sessions = await SessionsAsync(phone.AccessToken);
        Assert.Equal(3, sessions.Count); // the registration's, the phone's and the laptop's
        var mine = Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());
        Assert.Equal("Fowergram-iOS/3.1 (iPhone15,2)", mine.GetProperty("device").GetString());
        var laptopSession = Assert.Single(sessions, s => s.TryGetProperty("device", out var d) && d.GetString()!.StartsWith("Mozilla/5.0"));
        Assert.Equal(200, laptopSession.GetProperty("device").GetString()!.Length);

        // A refresh keeps the session (same id, same device) and moves its last activity.
        var refreshed = await (await app.Client.RefreshAsync(phone.RefreshToken)).ReadJsonAsync();
        var afterRefresh = await SessionsAsync(refreshed.GetProperty("accessToken").GetString()!);
        Assert.Equal(mine.GetProperty("id").GetGuid(), Assert.Single(afterRefresh, s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid());

        // Ending the laptop's session: its refresh token no longer works; someone else cannot end it (404).
        var stranger = await app.Client.RegisterAsync();
        var laptopId = laptopSession.GetProperty("id").GetGuid();
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/sessions/{laptopId}", token: stranger.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/sessions/{laptopId}", token: phone.AccessToken)).EnsureNoContentAsync();
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/sessions/{laptopId}", token: phone.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.RefreshAsync(laptop.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // Logging out of the other sessions leaves only this one.
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/sessions", token: phone.AccessToken)).EnsureNoContentAsync();
        await (await app.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var left = Assert.Single(await SessionsAsync(phone.AccessToken));
        Assert.True(left.GetProperty("current").GetBoolean());
        (await app.Client.RefreshAsync(refreshed.GetProperty("refreshToken").GetString()!)).EnsureSuccessStatusCode();
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/sessions/not-a-session", token: phone.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync("/api/v1/users/me/sessions", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Changing_the_password_checks_the_current_one_ends_every_session_and_answers_a_new_one()
    {
        var account = await app.Client.RegisterAsync();
        var other = await app.Client.LoginAsync(account.Username, account.Password);
        const string next = "Tulip-garden-2027!";

        await (await Change(account.AccessToken, "Not-the-password-1", next)).AssertValidationErrorAsync("currentPassword");
        await (await Change(account.AccessToken, account.Password, "short")).AssertValidationErrorAsync("newPassword");
        await (await Change(account.AccessToken, account.Password, account.Password)).AssertValidationErrorAsync("newPassword");
        await (await Change(account.AccessToken, null, next)).AssertValidationErrorAsync("currentPassword");
        await (await Change(null, account.Password, next)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        (await app.Client.RefreshAsync(other.RefreshToken)).EnsureSuccessStatusCode(); // nothing changed so far
        (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = account.Password })).EnsureSuccessStatusCode();

        var pair = await (await Change(account.AccessToken, account.Password, next)).ReadJsonAsync();
        var fresh = pair.GetProperty("accessToken").GetString()!;
        Assert.Equal(account.Username, (await app.Client.MeAsync(fresh)).GetProperty("username").GetString());
        Assert.True(Assert.Single(await SessionsAsync(fresh)).GetProperty("current").GetBoolean());
        await (await app.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = account.Password }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        await app.Client.LoginAsync(account.Username, next);

        // The owner is told by mail, with the way back if it was not them.
        var notice = Assert.Single(await TestMailbox.DeliverAsync(app, account), m => m.Subject == "Your Fowergram password was changed");
        Assert.Contains("/forgot-password", notice.TextBody);
    }

    [Fact]
    public async Task Guessing_the_current_password_is_throttled_like_logging_in()
    {
        var account = await app.Client.RegisterAsync();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 12 && last?.StatusCode != HttpStatusCode.TooManyRequests; i++)
            last = await Change(account.AccessToken, $"Wrong-guess-{i:00}", "Tulip-garden-2027!");
        await last!.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        // The lock is the account's: logging in with the right password waits too.
        await (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = account.Password }))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    private Task<HttpResponseMessage> Change(string? token, string? currentPassword, string newPassword) =>
        app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/password", new { currentPassword, newPassword }, token);
}
