using System.Net;
using Fowergram.Tests.Infrastructure;

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
