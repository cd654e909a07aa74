using System.Net;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// On-demand mails (another verification mail, a password reset) are limited per account or address:
/// by default 5 per hour, then 429 with Retry-After and no mail. Moves its own clock.
/// </summary>
public sealed class MailThrottleTests : IAsyncLifetime
{
    private const int Limit = 5;
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly FowergramApp _app = TestApps.WithOwnClock();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private Task<HttpResponseMessage> ForgotAsync(string email) => _app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email });

    private Task<HttpResponseMessage> ResendAsync(TestAccount account) =>
        _app.Client.PostJsonAsync("/api/v1/auth/email/verification", new { }, account.AccessToken);

    private static Task<long> EventsAsync(string type, Guid userId) => AccountsDb.ScalarAsync<long>(
        "SELECT count(*) FROM outbox WHERE type = @type AND payload->>'userId' = @key", new { type, key = userId.ToString() });

    [Fact]
    public async Task Verification_mails_beyond_the_limit_get_429_with_Retry_After_and_are_not_sent()
    {
        var account = await _app.Client.RegisterAsync();
        var before = await EventsAsync("account.email_verification_requested", account.Id);
        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.Accepted, (await ResendAsync(account)).StatusCode);

        var refused = await ResendAsync(account);

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, Window - TimeSpan.FromSeconds(1), Window);
        Assert.Equal(before + Limit, await EventsAsync("account.email_verification_requested", account.Id));
    }

    [Fact]
    public async Task The_limit_starts_afresh_when_the_window_has_passed()
    {
        var account = await _app.Client.RegisterAsync();
        for (var i = 0; i < Limit; i++) await ResendAsync(account);
        _app.Clock.Advance(Window - TimeSpan.FromMinutes(1));
        var (access, _) = await _app.Client.LoginAsync(account.Email, account.Password); // the first token has expired
        account = account with { AccessToken = access };
        var stillRefused = await ResendAsync(account);
        await stillRefused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(stillRefused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(59), TimeSpan.FromMinutes(1));

        _app.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Accepted, (await ResendAsync(account)).StatusCode);
    }

    [Fact]
    public async Task Reset_requests_are_limited_per_address_and_answered_alike_whether_or_not_it_has_an_account()
    {
        var account = await _app.Client.RegisterAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(account.Email)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(unknown)).StatusCode);
        }

        var known = await ForgotAsync(account.Email.ToUpperInvariant()); // the same address, normalised
        var stranger = await ForgotAsync(unknown);

        await known.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await stranger.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(await WithoutTraceAsync(known), await WithoutTraceAsync(stranger));
        Assert.Equal(known.Headers.RetryAfter, stranger.Headers.RetryAfter);
        Assert.Equal(Limit, await EventsAsync("account.password_reset_requested", account.Id));
        // The unknown address is stored only as a hash.
        Assert.Equal(0L, await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM mail_throttles WHERE subject LIKE '%nobody%'"));
        Assert.Equal(1L, await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM mail_throttles WHERE subject = @s",
            new { s = MailThrottle.AddressSubject(unknown) }));
    }

    private static async Task<string> WithoutTraceAsync(HttpResponseMessage response)
    {
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        problem.Remove("traceId");
        return problem.ToJsonString();
    }

    [Fact]
    public async Task Addresses_and_accounts_are_limited_apart()
    {
        var first = await _app.Client.RegisterAsync();
        var second = await _app.Client.RegisterAsync();
        for (var i = 0; i < Limit; i++) await ForgotAsync(first.Email);
        for (var i = 0; i < Limit; i++) await ResendAsync(first);

        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(second.Email)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ResendAsync(second)).StatusCode);
    }

    [Fact]
    public async Task Parallel_requests_cannot_slip_past_the_limit()
    {
        var account = await _app.Client.RegisterAsync();
        var before = await EventsAsync("account.email_verification_requested", account.Id);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ResendAsync(account)));

        Assert.Equal(Limit, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(20 - Limit, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(before + Limit, await EventsAsync("account.email_verification_requested", account.Id));
    }
}
