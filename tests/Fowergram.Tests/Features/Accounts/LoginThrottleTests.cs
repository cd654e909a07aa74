using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>Per-account throttling (default: 5 failures in 15 minutes lock logins for 15 minutes). Moves its own clock.</summary>
public sealed class LoginThrottleTests : IAsyncLifetime
{
    private const int MaxFailures = 5;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private readonly FowergramApp _app = TestApps.WithOwnClock();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private Task<HttpResponseMessage> LoginAsync(TestAccount account, string? password = null) =>
        _app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = password ?? account.Password });

    private async Task FailAsync(TestAccount account, int times)
    {
        for (var i = 0; i < times; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(account, "Wrong-password-99")).StatusCode);
    }

    [Fact]
    public async Task Locked_account_gets_429_with_Retry_After_even_with_the_right_password_until_the_lock_ends()
    {
        var account = await _app.Client.RegisterAsync();
        await FailAsync(account, MaxFailures);

        var locked = await LoginAsync(account);
        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = locked.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromMinutes(14), Window);

        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        var stillLocked = await LoginAsync(account);
        await stillLocked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(stillLocked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));

        _app.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(account)).StatusCode);
    }

    [Fact]
    public async Task Lock_applies_whatever_the_login_spelling()
    {
        var account = await _app.Client.RegisterAsync();
        await FailAsync(account, MaxFailures);
        var byEmail = await _app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Email, account.Password });
        await byEmail.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Fewer_failures_than_the_limit_do_not_lock()
    {
        var account = await _app.Client.RegisterAsync();
        await FailAsync(account, MaxFailures - 1);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(account)).StatusCode);
    }

    [Fact]
    public async Task Successful_login_resets_the_failure_count()
    {
        var account = await _app.Client.RegisterAsync();
        await FailAsync(account, MaxFailures - 1);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(account)).StatusCode);
        await FailAsync(account, MaxFailures - 1);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(account)).StatusCode);
    }

    [Fact]
    public async Task Failures_older_than_the_window_are_forgotten()
    {
        var account = await _app.Client.RegisterAsync();
        await FailAsync(account, MaxFailures - 1);
        _app.Clock.Advance(Window + TimeSpan.FromSeconds(1));
        await FailAsync(account, MaxFailures - 1);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(account)).StatusCode);
    }

    [Fact]
    public async Task Parallel_guesses_cannot_exceed_the_limit()
    {
        var account = await _app.Client.RegisterAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => LoginAsync(account, "Wrong-password-99")));
        Assert.Equal(MaxFailures, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(20 - MaxFailures, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        await (await LoginAsync(account)).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    /// <summary>
    /// E-mail addresses are not public, as usernames are: until 2026-12-06 only logins naming an account were counted, so the
    /// sixth wrong try at an address told whether someone used it (429) or nobody did (401, for ever). A login that names no
    /// account is counted and locked the same way, by the login it names: same answers, same Retry-After, same window.
    /// </summary>
    [Fact]
    public async Task An_address_nobody_uses_locks_as_an_account_s_address_does()
    {
        var account = await _app.Client.RegisterAsync();
        var unknown = $"{TestAccounts.NewUsername()}@example.com";
        foreach (var login in new[] { account.Email, unknown })
            for (var i = 0; i < MaxFailures; i++)
                await (await _app.Client.PostJsonAsync("/api/v1/auth/login", new { login, password = "Wrong-password-99" }))
                    .AssertProblemAsync(HttpStatusCode.Unauthorized);

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var bodies = new List<string>();
        foreach (var login in new[] { account.Email, unknown.ToUpperInvariant() }) // the lock is the login's, whatever its case
        {
            var locked = await _app.Client.PostJsonAsync("/api/v1/auth/login", new { login, password = "Wrong-password-99" });
            var problem = await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(13), TimeSpan.FromMinutes(14));
            bodies.Add($"{problem.GetProperty("status")}|{problem.GetProperty("title")}|{problem.GetProperty("detail")}");
        }
        Assert.Single(bodies.Distinct());

        // Both locks end with their window: the next wrong try is an ordinary 401 again.
        _app.Clock.Advance(Window);
        foreach (var login in new[] { account.Email, unknown })
            await (await _app.Client.PostJsonAsync("/api/v1/auth/login", new { login, password = "Wrong-password-99" }))
                .AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Lock_on_one_account_does_not_affect_another()
    {
        var victim = await _app.Client.RegisterAsync();
        var bystander = await _app.Client.RegisterAsync();
        await FailAsync(victim, MaxFailures);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(bystander)).StatusCode);
    }
}
