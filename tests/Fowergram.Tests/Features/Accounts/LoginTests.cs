using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

[Collection(ApiCollection.Name)]
public sealed class LoginTests(FowergramApp app)
{
    [Fact]
    public async Task Login_by_email_returns_a_token_pair_for_the_account()
    {
        var account = await app.Client.RegisterAsync();
        var body = await (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Email, account.Password })).ReadJsonAsync();
        Assert.True(body.GetProperty("accessTokenExpiresAt").GetDateTimeOffset() > app.Clock.GetUtcNow());
        Assert.True(body.GetProperty("refreshTokenExpiresAt").GetDateTimeOffset() > app.Clock.GetUtcNow());
        var me = await app.Client.MeAsync(body.GetProperty("accessToken").GetString()!);
        Assert.Equal(account.Id, me.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Login_by_username_in_any_case_works()
    {
        var account = await app.Client.RegisterAsync();
        var (access, _) = await app.Client.LoginAsync($" {account.Username.ToUpperInvariant()} ", account.Password);
        Assert.Equal(account.Id, (await app.Client.MeAsync(access)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Login_by_email_in_any_case_works()
    {
        var account = await app.Client.RegisterAsync();
        var (access, _) = await app.Client.LoginAsync(account.Email.ToUpperInvariant(), account.Password);
        Assert.Equal(account.Id, (await app.Client.MeAsync(access)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Each_login_starts_a_separate_session()
    {
        var account = await app.Client.RegisterAsync();
        var (_, first) = await app.Client.LoginAsync(account.Username, account.Password);
        var (_, second) = await app.Client.LoginAsync(account.Username, account.Password);
        await app.Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = first });
        Assert.Equal(HttpStatusCode.OK, (await app.Client.RefreshAsync(second)).StatusCode);
    }

    [Fact]
    public async Task Unknown_account_and_wrong_password_get_identical_401s()
    {
        var account = await app.Client.RegisterAsync();
        var wrong = await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = "Not-the-password-1" });
        var unknown = await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = TestAccounts.NewUsername(), password = "Not-the-password-1" });
        var unknownEmail = await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = $"{TestAccounts.NewUsername()}@example.com", password = "x" });

        var bodies = new List<string>();
        foreach (var response in new[] { wrong, unknown, unknownEmail })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            // The whole body but its traceId, which differs per request anyway (checklist 22: identical in body and status).
            bodies.Add(string.Join(",", problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.ToString())));
        }
        Assert.Single(bodies.Distinct());
    }

    [Fact]
    public async Task Disabled_account_cannot_log_in_and_looks_like_a_wrong_password()
    {
        var account = await app.Client.RegisterAsync();
        await AccountsDb.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @Id", new { account.Id });
        var response = await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, account.Password });
        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("The login or password is incorrect.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_account_deleted_longer_ago_than_the_grace_cannot_log_in()
    {
        var account = await app.Client.RegisterAsync();
        // Past the restore window (Auth:DeletionGrace, 30 days) on the host's clock: within it a login restores the account
        // (AccountDeletionTests), and the shared clock's distance from now() depends on which tests moved it before.
        await AccountsDb.ExecuteAsync("UPDATE users SET deleted_at = @at WHERE id = @Id",
            new { account.Id, at = app.Clock.GetUtcNow() - TimeSpan.FromDays(31) });
        var response = await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Email, account.Password });
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Missing_login_or_password_is_a_400()
    {
        await (await app.Client.PostJsonAsync("/api/v1/auth/login", new { password = "x" })).AssertValidationErrorAsync("login");
        await (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = "ada" })).AssertValidationErrorAsync("password");
        await (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = "ada", password = "" })).AssertValidationErrorAsync("password");
    }

    [Fact]
    public async Task Deleted_account_loses_access_with_a_still_unexpired_access_token()
    {
        var account = await app.Client.RegisterAsync();
        await AccountsDb.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @Id", new { account.Id });
        await (await app.Client.GetAsync("/api/v1/users/me", account.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
