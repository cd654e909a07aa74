using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// An ended session takes its access tokens with it (docs/accounts.md "Ending a session at once", EndedSessions): on the
/// host that ended it from the next request on, and on every other host within Auth:SessionCheckInterval.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EndedSessionTests(FowergramApp app)
{
    private Task<HttpResponseMessage> MeAsync(string token) => app.Client.GetAsync("/api/v1/users/me", token);

    private async Task<Guid> SessionIdAsync(string viewerToken, bool current) =>
        (await (await app.Client.GetAsync("/api/v1/users/me/sessions", viewerToken)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(s => s.GetProperty("current").GetBoolean() == current).GetProperty("id").GetGuid();

    [Fact]
    public async Task Ending_another_session_refuses_its_access_token_at_once_and_keeps_the_callers()
    {
        var account = await app.Client.RegisterAsync();
        var laptop = await app.Client.LoginAsync(account.Username, account.Password);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(laptop.AccessToken)).StatusCode);
        var laptopSession = await SessionIdAsync(laptop.AccessToken, current: true);

        await (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/sessions/{laptopSession}", token: account.AccessToken))
            .EnsureNoContentAsync();

        await (await MeAsync(laptop.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.Client.GetAsync("/api/v1/feed", laptop.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(account.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Logging_out_everywhere_else_and_logging_out_refuse_those_sessions_tokens()
    {
        var account = await app.Client.RegisterAsync();
        var (phone, tablet) = (await app.Client.LoginAsync(account.Username, account.Password), await app.Client.LoginAsync(account.Username, account.Password));

        await (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/sessions", token: phone.AccessToken)).EnsureNoContentAsync();
        await (await MeAsync(tablet.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await MeAsync(account.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(phone.AccessToken)).StatusCode);

        await (await app.Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = phone.RefreshToken })).EnsureNoContentAsync();
        await (await MeAsync(phone.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Changing_the_password_refuses_every_earlier_token_and_deleting_the_account_refuses_its_own()
    {
        var account = await app.Client.RegisterAsync();
        var other = await app.Client.LoginAsync(account.Username, account.Password);
        var pair = await (await app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/password",
            new { currentPassword = account.Password, newPassword = "Tulip-garden-2027!" }, account.AccessToken)).ReadJsonAsync();
        var fresh = pair.GetProperty("accessToken").GetString()!;

        await (await MeAsync(account.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await MeAsync(other.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(fresh)).StatusCode);

        (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me", new { password = "Tulip-garden-2027!" }, fresh)).EnsureSuccessStatusCode();
        // Before, this token could read the account's own lists for the rest of its 15 minutes.
        await (await app.Client.GetAsync("/api/v1/users/me/saved", fresh)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}

/// <summary>Sessions ended by another instance (here: straight in the database) and a replayed refresh token, on hosts of their own.</summary>
public sealed class EndedSessionElsewhereTests : IAsyncLifetime
{
    private readonly FowergramApp _everyRequest = TestApps.WithOwnClock(b => b.Configuration["Auth:SessionCheckInterval"] = "00:00:00");

    public Task InitializeAsync() => _everyRequest.InitializeAsync();

    public Task DisposeAsync() => _everyRequest.DisposeAsync();

    [Fact]
    public async Task A_session_ended_by_another_instance_is_refused_once_the_list_is_read_again()
    {
        var account = await _everyRequest.Client.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await _everyRequest.Client.GetAsync("/api/v1/users/me", account.AccessToken)).StatusCode);

        await AccountsDb.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = @now WHERE user_id = @id AND revoked_at IS NULL",
            new { now = _everyRequest.Clock.GetUtcNow(), id = account.Id });

        await (await _everyRequest.Client.GetAsync("/api/v1/users/me", account.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_replayed_refresh_token_ends_the_family_and_the_thiefs_access_token_with_it()
    {
        var account = await _everyRequest.Client.RegisterAsync();
        var rotated = await (await _everyRequest.Client.RefreshAsync(account.RefreshToken)).ReadJsonAsync();
        var thief = rotated.GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _everyRequest.Client.GetAsync("/api/v1/users/me", thief)).StatusCode);
        _everyRequest.Clock.Advance(TimeSpan.FromSeconds(11)); // past Auth:RefreshReuseGraceWindow

        await (await _everyRequest.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await (await _everyRequest.Client.GetAsync("/api/v1/users/me", thief)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_session_ended_almost_a_token_lifetime_ago_is_still_refused()
    {
        var account = await _everyRequest.Client.RegisterAsync();
        // A token issued just before an ending 14 minutes ago would still be valid for a minute: the list must carry it.
        await AccountsDb.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = @at WHERE user_id = @id",
            new { at = _everyRequest.Clock.GetUtcNow() - TimeSpan.FromMinutes(14), id = account.Id });
        await (await _everyRequest.Client.GetAsync("/api/v1/users/me", account.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}

/// <summary>
/// Reliability checklist item 20 across instances: an account suspended or deleted through one host has its access tokens
/// refused by another host within that host's Auth:SessionCheckInterval (here 0, so at its next request; 5 s by default, far
/// inside one access-token lifetime) — not only by the host that ended it. The two hosts sign with one key, as a deployment's do.
/// </summary>
public sealed class AccountEndedElsewhereTests : IAsyncLifetime
{
    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly FowergramApp _ending = TestApps.WithOwnClock(b => b.Configuration["Auth:SigningKey"] = SigningKey);
    private readonly FowergramApp _elsewhere = TestApps.WithOwnClock(b =>
    {
        b.Configuration["Auth:SigningKey"] = SigningKey;
        b.Configuration["Auth:SessionCheckInterval"] = "00:00:00";
    });

    public async Task InitializeAsync()
    {
        await _ending.InitializeAsync();
        await _elsewhere.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _elsewhere.DisposeAsync();
        await _ending.DisposeAsync();
    }

    private Task<HttpResponseMessage> SavedElsewhereAsync(string token) => _elsewhere.Client.GetAsync("/api/v1/users/me/saved", token);

    [Fact]
    public async Task A_suspension_made_on_one_host_refuses_the_accounts_access_token_on_another()
    {
        var moderator = await _ending.Client.RegisterAsync();
        await AccountsDb.ExecuteAsync("INSERT INTO moderators (user_id) VALUES (@Id)", new { moderator.Id });
        var account = await _ending.Client.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await SavedElsewhereAsync(account.AccessToken)).StatusCode);

        (await _ending.Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{account.Username}", new { reason = "spam" },
            moderator.AccessToken)).EnsureSuccessStatusCode();

        await (await SavedElsewhereAsync(account.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _elsewhere.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_deletion_made_on_one_host_refuses_the_accounts_access_token_on_another()
    {
        var account = await _ending.Client.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await SavedElsewhereAsync(account.AccessToken)).StatusCode);

        (await _ending.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me", new { password = account.Password }, account.AccessToken))
            .EnsureSuccessStatusCode();

        await (await SavedElsewhereAsync(account.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _elsewhere.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
