using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
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
    public async Task Pruned_tokens_leave_the_session_its_start_and_their_replay_still_ends_it()
    {
        var account = await _app.Client.RegisterAsync();
        var startedAt = await SessionStartAsync(account.AccessToken);
        var (tokens, access) = await RefreshTwiceTwentyDaysApartAsync(account.RefreshToken);
        var (_, otherSession) = await _app.Client.LoginAsync(account.Username, account.Password);
        await RunHousekeepingAsync();

        // Day 41: the first token expired on day 30 and its row is gone; the session still started when it did.
        Assert.Equal(startedAt, await SessionStartAsync(access));
        Assert.Equal(0, await TokenRowsAsync(tokens[0]));
        // Its replay is still recognised as the family's, by the key every token of the family carries: the session
        // ends, the newest access token with it; the account's other session is not the stolen family.
        await (await _app.Client.RefreshAsync(tokens[0])).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _app.Client.GetAsync("/api/v1/users/me/sessions", access)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _app.Client.RefreshAsync(tokens[^1])).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.RefreshAsync(otherSession)).StatusCode);
    }

    [Fact]
    public async Task A_rotated_token_still_kept_is_the_reuse_record_after_housekeeping()
    {
        var account = await _app.Client.RegisterAsync();
        var (tokens, access) = await RefreshTwiceTwentyDaysApartAsync(account.RefreshToken);
        await RunHousekeepingAsync();

        // The second token, rotated on day 40 and valid until day 50, is kept: its replay ends the session.
        Assert.Equal(1, await TokenRowsAsync(tokens[1]));
        await (await _app.Client.RefreshAsync(tokens[1])).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _app.Client.GetAsync("/api/v1/users/me/sessions", access)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_session_opened_before_family_keys_gets_one_at_its_next_rotation()
    {
        var account = await _app.Client.RegisterAsync();
        // As a family issued before migration 0207: its rows carry no key (and its token's first bytes are no key).
        await AccountsDb.ExecuteAsync("UPDATE refresh_tokens SET family_key_hash = NULL WHERE user_id = @id", new { id = account.Id });
        var (tokens, access) = await RefreshTwiceTwentyDaysApartAsync(account.RefreshToken);
        await RunHousekeepingAsync();

        // The keyless first token, pruned, is an unknown token: its replay ends nothing (nothing links it to the family).
        Assert.Equal(0, await TokenRowsAsync(tokens[0]));
        await (await _app.Client.RefreshAsync(tokens[0])).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.GetAsync("/api/v1/users/me/sessions", access)).StatusCode);
        // Its rotation gave the family a key: a forged token with the key of the newest token and other bytes of its own
        // stands for a pruned token of the family, and ends it.
        var forged = tokens[^1][..30] + (tokens[^1][30] == 'A' ? 'B' : 'A') + tokens[^1][31..]; // bytes 16–31 only
        await (await _app.Client.RefreshAsync(forged)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _app.Client.GetAsync("/api/v1/users/me/sessions", access)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logging_out_with_a_pruned_token_ends_its_session()
    {
        var account = await _app.Client.RegisterAsync();
        var (tokens, access) = await RefreshTwiceTwentyDaysApartAsync(account.RefreshToken);
        await RunHousekeepingAsync();
        Assert.Equal(0, await TokenRowsAsync(tokens[0]));

        var logout = await _app.Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = tokens[0] });
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await (await _app.Client.GetAsync("/api/v1/users/me/sessions", access)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_carrying_no_live_familys_key_ends_nothing()
    {
        var account = await _app.Client.RegisterAsync();
        var stranger = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await (await _app.Client.RefreshAsync(stranger)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.RefreshAsync(account.RefreshToken)).StatusCode);
    }

    /// <summary>Three refreshes twenty days apart keep the session alive (sliding); the first two tokens end rotated. Day 41.</summary>
    private async Task<(List<string> Tokens, string Access)> RefreshTwiceTwentyDaysApartAsync(string first)
    {
        var tokens = new List<string> { first };
        for (var i = 0; i < 2; i++)
        {
            _app.Clock.Advance(TimeSpan.FromDays(20));
            tokens.Add((await (await _app.Client.RefreshAsync(tokens[^1])).ReadJsonAsync()).GetProperty("refreshToken").GetString()!);
        }
        _app.Clock.Advance(TimeSpan.FromDays(1));
        var pair = await (await _app.Client.RefreshAsync(tokens[^1])).ReadJsonAsync();
        tokens.Add(pair.GetProperty("refreshToken").GetString()!);
        return (tokens, pair.GetProperty("accessToken").GetString()!);
    }

    private Task RunHousekeepingAsync() =>
        _app.Services.GetServices<IScheduledJob>().Single(j => j.Name == AuthHousekeepingJob.JobName).RunAsync(_app.Clock.GetUtcNow(), default);

    private async Task<DateTimeOffset> SessionStartAsync(string access) =>
        (await (await _app.Client.GetAsync("/api/v1/users/me/sessions", access)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Single(s => s.GetProperty("current").GetBoolean()).GetProperty("startedAt").GetDateTimeOffset();

    private static Task<long> TokenRowsAsync(string token) =>
        AccountsDb.ScalarAsync<long>("SELECT count(*) FROM refresh_tokens WHERE token_hash = @hash", new { hash = SecretToken.Hash(token) });

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
