using System.Net;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Telemetry;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Limits per client address on the anonymous account routes (docs/accounts.md "Limits per address"), at the real defaults.
/// The host trusts its own loopback address as a proxy, so each test speaks from addresses of its own through
/// X-Forwarded-For, as a client behind a configured reverse proxy does. Moves its own clock.
/// </summary>
public sealed class AddressLimitTests : IAsyncLifetime
{
    private static readonly AuthOptions Defaults = new();
    private static readonly int Limit = Defaults.AddressRequestsPerWindow;
    private static readonly TimeSpan Window = Defaults.AddressRequestWindow;
    private readonly List<HttpClient> _clients = [];
    private readonly FowergramApp _app = TestApps.WithOwnClock(b =>
    {
        b.Configuration["Auth:AddressRequestsPerWindow"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        b.Configuration["Auth:RegistrationEmailConflictsPerWindow"] =
            Defaults.RegistrationEmailConflictsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture);
        b.Configuration["ForwardedHeaders:KnownProxies"] = "127.0.0.1";
    });

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>A client whose requests the host takes for <paramref name="address"/>'s.</summary>
    private HttpClient From(string address)
    {
        var client = new HttpClient { BaseAddress = _app.Client.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        _clients.Add(client);
        return client;
    }

    /// <summary>A /64 no other test (or earlier run inside a window) uses.</summary>
    private static string FreshPrefix() => $"2001:db8:{Random.Shared.Next(0x10000):x}:{Random.Shared.Next(0x10000):x}";

    private static Task<HttpResponseMessage> ForgotAsync(HttpClient client, string? email = null) =>
        client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = email ?? $"nobody-{Guid.NewGuid():N}@example.com" });

    private static async Task ReachLimitAsync(HttpClient client)
    {
        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(client)).StatusCode);
    }

    private static async Task<string> WithoutTraceAsync(HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        return string.Join(",", problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.ToString()));
    }

    [Fact]
    public async Task Registrations_beyond_the_limit_get_429_with_Retry_After_and_create_no_account()
    {
        var taken = await From(FreshPrefix() + "::1").RegisterAsync();
        var script = From(FreshPrefix() + "::1");
        for (var i = 0; i < Limit; i++) // each attempt counts, also one that fails
        {
            var conflict = await script.PostJsonAsync("/api/v1/auth/register", new
            {
                email = $"{TestAccounts.NewUsername()}@example.com", username = taken.Username, password = TestAccounts.DefaultPassword, fullName = "Script",
            });
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        }
        var username = TestAccounts.NewUsername();

        var refused = await script.PostJsonAsync("/api/v1/auth/register",
            new { email = $"{username}@example.com", username, password = TestAccounts.DefaultPassword });

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(Window, refused.Headers.RetryAfter!.Delta); // the clock stands still: the whole window is left
        Assert.Equal(0L, await AccountsDb.UsersWithEmailAsync($"{username}@example.com"));
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email) =>
        client.PostJsonAsync("/api/v1/auth/register", new { email, username = TestAccounts.NewUsername(), password = TestAccounts.DefaultPassword });

    [Fact]
    public async Task An_address_learns_only_a_few_used_emails_per_window_and_is_then_refused_before_any_lookup()
    {
        var owner = await From(FreshPrefix() + "::1").RegisterAsync();
        var script = From(FreshPrefix() + "::1");
        for (var i = 0; i < Defaults.RegistrationEmailConflictsPerWindow; i++)
        {
            var conflict = await (await RegisterAsync(script, owner.Email)).AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.True(conflict.GetProperty("errors").TryGetProperty("email", out _));
        }
        var free = $"{TestAccounts.NewUsername()}@example.com";

        // A used address and a free one now get the same 429 as the registration limit's: the refusal tells nothing of either.
        var usedRefused = await WithoutTraceAsync(await RegisterAsync(script, owner.Email));
        var freeRefused = await WithoutTraceAsync(await RegisterAsync(script, free));
        Assert.Equal(usedRefused, freeRefused);
        Assert.Equal(0L, await AccountsDb.UsersWithEmailAsync(free));
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(From(FreshPrefix() + "::1"), $"{TestAccounts.NewUsername()}@example.com")).StatusCode);

        _app.Clock.Advance(Window);
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(script, free)).StatusCode);
    }

    /// <summary>
    /// The look, the budget and the count take turns per address: before 2026-12-07 parallel registrations all passed the
    /// look at the budget before any 409 was counted, and a burst learnt more than its five used addresses.
    /// </summary>
    [Fact]
    public async Task Parallel_registrations_of_used_emails_from_one_address_get_no_more_than_the_budget_of_409s()
    {
        var owners = new List<TestAccount>();
        for (var i = 0; i < 4; i++) owners.Add(await From(FreshPrefix() + "::1").RegisterAsync());
        var script = From(FreshPrefix() + "::1");
        var burst = Limit - 2; // within the registration limit: every refusal is the taken-address budget's

        var answers = await Task.WhenAll(Enumerable.Range(0, burst).Select(i => RegisterAsync(script, owners[i % owners.Count].Email)));

        Assert.Equal(Defaults.RegistrationEmailConflictsPerWindow, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(burst - Defaults.RegistrationEmailConflictsPerWindow, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Password_spraying_is_refused_before_any_password_is_tried_alike_for_known_and_unknown_accounts()
    {
        var victim = await From(FreshPrefix() + "::1").RegisterAsync();
        var sprayer = From(FreshPrefix() + "::1");
        // Only this class's hosts keep the real limit, and its tests run one at a time: the refusals counted are these.
        using var refusals = new MeterMeasurements(FowergramTelemetry.LimitTag, LoginMetrics.AddressLimit);
        for (var i = 0; i < Limit; i++) // one password over many accounts: no account sees more than one failure
        {
            var wrong = await sprayer.PostJsonAsync("/api/v1/auth/login", new { login = TestAccounts.NewUsername(), password = victim.Password });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var known = await sprayer.PostJsonAsync("/api/v1/auth/login", new { login = victim.Username, password = victim.Password });
        var unknown = await sprayer.PostJsonAsync("/api/v1/auth/login", new { login = TestAccounts.NewUsername(), password = victim.Password });

        Assert.Equal(await WithoutTraceAsync(known), await WithoutTraceAsync(unknown));
        Assert.Equal(known.Headers.RetryAfter, unknown.Headers.RetryAfter);
        Assert.Equal(1L, await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM refresh_tokens WHERE user_id = @Id", victim)); // registration's only
        // Suspended accounts appeal with their password: that check counts with the logins, so spraying cannot move there.
        var appeal = await sprayer.PostJsonAsync("/api/v1/auth/appeals", new { login = victim.Username, password = victim.Password, message = "Please." });
        await appeal.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(3, refusals.Sum("fowergram.login.throttled")); // the known, the unknown and the appeal
    }

    [Fact]
    public async Task Passkey_challenges_beyond_the_limit_are_refused_and_not_stored_and_the_login_counts_with_them()
    {
        var account = await From(FreshPrefix() + "::1").RegisterAsync();
        using var phone = new SoftwareAuthenticator();
        await _app.AddPasskeyAsync(account, phone);
        var caller = From(FreshPrefix() + "::1");
        System.Text.Json.JsonElement last = default;
        for (var i = 0; i < Limit; i++)
            last = await (await caller.PostJsonAsync("/api/v1/auth/passkeys/options", new { login = account.Username })).ReadJsonAsync();

        var refused = await caller.PostJsonAsync("/api/v1/auth/passkeys/options", new { login = account.Username });
        var signIn = await caller.PostJsonAsync("/api/v1/auth/passkeys/login",
            new { challengeId = last.GetProperty("challengeId").GetString(), credential = phone.Get(last.GetProperty("publicKey")) });

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await signIn.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal((long)Limit, await _app.ScalarAsync<long>("SELECT count(*) FROM passkey_challenges WHERE user_id = @Id AND purpose = @purpose",
            new { account.Id, purpose = PasskeyChallenges.SignIn }));
    }

    [Fact]
    public async Task Reset_requests_beyond_the_limit_get_429_and_send_no_mail()
    {
        var account = await From(FreshPrefix() + "::1").RegisterAsync();
        var caller = From(FreshPrefix() + "::1");
        await ReachLimitAsync(caller); // addresses of no account: the limit per e-mail address never comes into it

        var refused = await ForgotAsync(caller, account.Email);

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(0L, await AccountsDb.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'account.password_reset_requested' AND payload->>'userId' = @key", new { key = account.Id.ToString() }));
    }

    [Fact]
    public async Task Addresses_are_counted_apart_an_IPv6_subscriber_by_its_64_prefix_and_each_route_group_apart()
    {
        var prefix = FreshPrefix();
        await ReachLimitAsync(From(prefix + "::1"));
        var ipv4 = $"100.{Random.Shared.Next(64, 128)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

        await (await ForgotAsync(From(prefix + ":1234:5678:9abc:def0"))).AssertProblemAsync(HttpStatusCode.TooManyRequests); // same /64
        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(From(FreshPrefix() + "::1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(From(ipv4))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(From($"::ffff:{ipv4}"))).StatusCode); // the same IPv4 address, counted once more
        Assert.Equal(HttpStatusCode.OK, (await From(prefix + "::1").PostJsonAsync("/api/v1/auth/passkeys/options", new { })).StatusCode);
        Assert.Equal(2L, await AccountsDb.ScalarAsync<long>("SELECT requests FROM address_throttles WHERE kind = 'password_reset' AND subject = @subject",
            new { subject = FixedWindowCounter.Hashed(ipv4) }));
    }

    [Fact]
    public async Task Parallel_requests_cannot_slip_past_the_limit()
    {
        var caller = From(FreshPrefix() + "::1");

        var answers = await Task.WhenAll(Enumerable.Range(0, Limit + 10).Select(_ => ForgotAsync(caller)));

        Assert.Equal(Limit, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task The_limit_starts_afresh_when_the_window_has_passed()
    {
        var caller = From(FreshPrefix() + "::1");
        await ReachLimitAsync(caller);
        _app.Clock.Advance(Window - TimeSpan.FromMinutes(1));
        var stillRefused = await ForgotAsync(caller);
        await stillRefused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromMinutes(1), stillRefused.Headers.RetryAfter!.Delta);

        _app.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(caller)).StatusCode);
    }

    /// <summary>
    /// Reliability checklist item 22: the login lock is the account's, whatever the source address. Each wrong guess comes
    /// from a network of its own (a botnet spreads them so), and the account still locks: the right password, from yet
    /// another address, gets the same 429 with Retry-After.
    /// </summary>
    [Fact]
    public async Task Wrong_passwords_from_as_many_addresses_as_guesses_still_lock_the_account_for_every_address()
    {
        var account = await From(FreshPrefix() + "::1").RegisterAsync(); // its own address: the class's other tests spend the default one's registrations
        for (var i = 0; i < Defaults.LoginMaxFailures; i++)
            await (await From(FreshPrefix() + "::1").PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = "Wrong-password-99" }))
                .AssertProblemAsync(HttpStatusCode.Unauthorized);

        var locked = await From(FreshPrefix() + "::1").PostJsonAsync("/api/v1/auth/login", new { login = account.Username, account.Password });
        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(locked.Headers.RetryAfter?.Delta);
    }
}
