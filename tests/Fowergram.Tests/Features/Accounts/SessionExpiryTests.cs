using System.Net;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>Token lifetimes and the refresh-reuse grace window. Moves its own clock.</summary>
public sealed class SessionExpiryTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Access_token_expires_after_15_minutes_with_a_bearer_challenge()
    {
        var account = await _app.Client.RegisterAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.GetAsync("/api/v1/users/me", account.AccessToken)).StatusCode);
        _app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var expired = await _app.Client.GetAsync("/api/v1/users/me", account.AccessToken);
        await expired.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", expired.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Reusing_a_rotated_token_after_the_grace_window_revokes_the_family()
    {
        var account = await _app.Client.RegisterAsync();
        var newest = (await (await _app.Client.RefreshAsync(account.RefreshToken)).ReadJsonAsync()).GetProperty("refreshToken").GetString()!;
        var (_, otherSession) = await _app.Client.LoginAsync(account.Username, account.Password);

        _app.Clock.Advance(TimeSpan.FromSeconds(11));
        await (await _app.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await (await _app.Client.RefreshAsync(newest)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.RefreshAsync(otherSession)).StatusCode); // other logins are not the stolen family
    }

    [Fact]
    public async Task Reusing_a_rotated_token_inside_the_grace_window_is_refused_without_revoking()
    {
        var account = await _app.Client.RegisterAsync();
        var newest = (await (await _app.Client.RefreshAsync(account.RefreshToken)).ReadJsonAsync()).GetProperty("refreshToken").GetString()!;
        _app.Clock.Advance(TimeSpan.FromSeconds(9));
        await (await _app.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.RefreshAsync(newest)).StatusCode);
    }

    [Fact]
    public async Task Pruned_tokens_leave_the_session_its_start_and_the_reuse_record_of_the_tokens_that_could_still_be_used()
    {
        var account = await _app.Client.RegisterAsync();
        var startedAt = (await (await _app.Client.GetAsync("/api/v1/users/me/sessions", account.AccessToken)).ReadJsonAsync())
            .GetProperty("items")[0].GetProperty("startedAt").GetDateTimeOffset();
        // Three refreshes twenty days apart keep the session alive (sliding); the first two tokens are rotated.
        var tokens = new List<string> { account.RefreshToken };
        for (var i = 0; i < 2; i++)
        {
            _app.Clock.Advance(TimeSpan.FromDays(20));
            tokens.Add((await (await _app.Client.RefreshAsync(tokens[^1])).ReadJsonAsync()).GetProperty("refreshToken").GetString()!);
        }
        _app.Clock.Advance(TimeSpan.FromDays(1));
        var access = (await (await _app.Client.RefreshAsync(tokens[^1])).ReadJsonAsync()).GetProperty("accessToken").GetString()!;
        var housekeeping = _app.Services.GetServices<IScheduledJob>().Single(j => j.Name == AuthHousekeepingJob.JobName);
        await housekeeping.RunAsync(_app.Clock.GetUtcNow(), default);

        // Day 41: the first token expired on day 30 and is gone; the session still started when it did.
        var session = (await (await _app.Client.GetAsync("/api/v1/users/me/sessions", access)).ReadJsonAsync()).GetProperty("items")[0];
        Assert.Equal(startedAt, session.GetProperty("startedAt").GetDateTimeOffset());
        // Its replay is an unknown token's 401, which ends nothing: it could not have been used anyway.
        await (await _app.Client.RefreshAsync(tokens[0])).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.GetAsync("/api/v1/users/me/sessions", access)).StatusCode);
        // The second, rotated on day 40 and valid until day 50, is still the family's reuse record: its replay ends the
        // session, the newest access token with it.
        await (await _app.Client.RefreshAsync(tokens[1])).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _app.Client.GetAsync("/api/v1/users/me/sessions", access)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_token_expires_after_its_lifetime()
    {
        var account = await _app.Client.RegisterAsync();
        _app.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));
        await (await _app.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Each_rotation_extends_the_session_by_the_refresh_lifetime()
    {
        var account = await _app.Client.RegisterAsync();
        _app.Clock.Advance(TimeSpan.FromDays(29));
        var next = (await (await _app.Client.RefreshAsync(account.RefreshToken)).ReadJsonAsync()).GetProperty("refreshToken").GetString()!;
        _app.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.RefreshAsync(next)).StatusCode);
    }
}
