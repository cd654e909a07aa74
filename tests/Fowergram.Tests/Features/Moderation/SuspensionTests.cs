using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Live;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Fowergram.Platform.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Suspensions (migration 0111): a moderator suspends an account, which disappears, loses its sessions and cannot log in
/// (403, said only with the right password) until the suspension is lifted; moderators cannot be suspended; only
/// moderators suspend.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SuspensionTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<TestUser> ModeratorAsync() => _posts.ModeratorAsync();

    private Task<HttpResponseMessage> SuspendAsync(TestUser? moderator, string username, object? body) =>
        _posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{username}", moderator, body);

    private static TestUser AsUser(TestAccount account) => new(account.Id, account.Username, account.AccessToken);

    private Task<HttpResponseMessage> LoginAsync(TestAccount account, string password) =>
        app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password });

    [Fact]
    public async Task A_suspended_account_disappears_cannot_log_in_and_comes_back_when_the_suspension_is_lifted()
    {
        var moderator = await ModeratorAsync();
        var account = await app.Client.RegisterAsync();
        var viewer = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(AsUser(account));
        var live = new LiveClient(app);
        var scheduled = await live.StreamIdAsync(AsUser(account), "Later");
        var broadcasting = await live.LiveStreamIdAsync(AsUser(account));

        var suspended = await (await SuspendAsync(moderator, account.Username.ToUpperInvariant(), new { reason = "  spam ring  " }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal((account.Username, "spam ring", moderator.Username), (suspended.GetProperty("username").GetString(),
            suspended.GetProperty("reason").GetString(), suspended.GetProperty("suspendedBy").GetString()));
        var again = await (await SuspendAsync(moderator, account.Username, new { reason = "another reason" })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("spam ring", again.GetProperty("reason").GetString());
        Assert.Equal(("ended", "cancelled"), (await live.StatusAsync(broadcasting), await live.StatusAsync(scheduled)));

        // Gone for everyone, its sessions ended, and its password no longer opens it: said to whoever knows the password only.
        await (await _posts.GetAsync($"/api/v1/users/{account.Username}", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.GetAsync($"/api/v1/posts/{post}", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync("/api/v1/users/me", account.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var refused = await (await LoginAsync(account, account.Password)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("suspended", refused.GetProperty("detail").GetString());
        await (await LoginAsync(account, "Not-the-password-1")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var listed = await (await _posts.GetAsync("/api/v1/moderation/suspensions?limit=50", moderator)).ReadJsonAsync();
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), s => s.GetProperty("username").GetString() == account.Username);
        Assert.Equal("spam ring", (await (await _posts.GetAsync($"/api/v1/moderation/suspensions/{account.Username}", moderator)).ReadJsonAsync())
            .GetProperty("reason").GetString());

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/moderation/suspensions/{account.Username}", moderator)).EnsureNoContentAsync();
        await (await _posts.GetAsync($"/api/v1/moderation/suspensions/{account.Username}", moderator)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/moderation/suspensions/{account.Username}", moderator))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        var (token, _) = await app.Client.LoginAsync(account.Username, account.Password);
        Assert.Equal(account.Username, (await app.Client.MeAsync(token)).GetProperty("username").GetString());
        await (await _posts.GetAsync($"/api/v1/posts/{post}", viewer)).ReadJsonAsync();
    }

    [Fact]
    public async Task A_suspended_owner_logging_in_again_and_again_is_told_so_each_time_and_can_still_appeal()
    {
        // The right password of a suspended account is no wrong guess: its 403s do not add up to the login throttle's lock,
        // which would hide the suspension behind a 429 and keep the owner from the appeal for a window.
        var moderator = await ModeratorAsync();
        var (account, guarded) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        var (_, recovery) = await Accounts.TwoFactorTests.TurnOnAsync(app, guarded); // the code is asked after the 403, at the appeal
        var failures = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.LoginMaxFailures;
        foreach (var (owner, code) in new[] { (account, (string?)null), (guarded, recovery[0]) })
        {
            await (await SuspendAsync(moderator, owner.Username, new { reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created);
            for (var i = 0; i < failures + 2; i++)
                await (await LoginAsync(owner, owner.Password)).AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal(HttpStatusCode.Created, (await app.Client.PostJsonAsync("/api/v1/auth/appeals",
                new { login = owner.Username, password = owner.Password, message = "It was not spam.", code })).StatusCode);
        }
    }

    [Fact]
    public async Task Moderators_are_not_suspended_only_moderators_suspend_and_bad_requests_change_nothing()
    {
        var (moderator, colleague) = (await ModeratorAsync(), await ModeratorAsync());
        var (someone, target) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());

        await (await SuspendAsync(moderator, colleague.Username, new { reason = "spam" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await SuspendAsync(moderator, moderator.Username, new { reason = "spam" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await SuspendAsync(someone, target.Username, new { reason = "spam" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await SuspendAsync(null, target.Username, new { reason = "spam" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await SuspendAsync(moderator, target.Username, new { reason = "   " })).AssertValidationErrorAsync("reason");
        await (await SuspendAsync(moderator, target.Username, new { reason = new string('x', 2001) })).AssertValidationErrorAsync("reason");
        await (await SuspendAsync(moderator, "nobody" + Guid.NewGuid().ToString("N")[..8], new { reason = "spam" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.GetAsync("/api/v1/moderation/suspensions", someone)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _posts.GetAsync($"/api/v1/moderation/suspensions/{target.Username}", moderator)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/moderation/suspensions/{target.Username}", someone))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM account_suspensions WHERE user_id = ANY(@ids)",
            new { ids = new[] { colleague.Id, moderator.Id, target.Id } }));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = ANY(@ids) AND NOT is_active",
            new { ids = new[] { colleague.Id, moderator.Id, target.Id } }));
    }

    [Fact]
    public async Task Resolving_an_account_report_with_remove_suspends_it_for_that_report_and_closes_its_other_reports()
    {
        var moderator = await ModeratorAsync();
        var (first, second, target) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var report = await ReportIdAsync(first, target);
        var other = await ReportIdAsync(second, target);

        var resolved = await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", moderator,
            new { outcome = "actioned", remove = true })).ReadJsonAsync();
        Assert.Equal(("actioned", "suspended"), (resolved.GetProperty("status").GetString(), resolved.GetProperty("action").GetString()));
        var suspension = await (await _posts.GetAsync($"/api/v1/moderation/suspensions/{target.Username}", moderator)).ReadJsonAsync();
        Assert.Equal((report, "harassment"), (suspension.GetProperty("reportId").GetGuid(), suspension.GetProperty("reason").GetString()));
        var theirs = (await (await _posts.GetAsync("/api/v1/users/me/reports", second)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Single();
        Assert.Equal((other, "actioned", "suspended"), (theirs.GetProperty("id").GetGuid(), theirs.GetProperty("status").GetString(),
            theirs.GetProperty("action").GetString()));

        // A moderator cannot be suspended through a report either: the report stays open.
        var colleague = await ModeratorAsync();
        var aboutColleague = await ReportIdAsync(first, colleague);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{aboutColleague}/resolve", moderator,
            new { outcome = "actioned", remove = true })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("open", await _posts.ScalarAsync<string>("SELECT status FROM reports WHERE id = @aboutColleague", new { aboutColleague }));
    }

    [Fact]
    public async Task A_temporary_suspension_ends_by_itself_at_login_or_by_the_expiry_job()
    {
        var moderator = await ModeratorAsync();
        var (first, second) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        var viewer = await _posts.NewUserAsync();
        foreach (var account in new[] { first, second })
        {
            var view = await (await SuspendAsync(moderator, account.Username, new { reason = "cool off", days = 3 })).ReadJsonAsync(HttpStatusCode.Created);
            Assert.Equal(view.GetProperty("createdAt").GetDateTimeOffset().AddDays(3), view.GetProperty("until").GetDateTimeOffset());
        }
        var refused = await (await LoginAsync(first, first.Password)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("suspended until", refused.GetProperty("detail").GetString());

        // Three days on (the rows moved back rather than the clock forward, which would outdate every test's tokens).
        await _posts.ExecuteAsync("""
            UPDATE account_suspensions SET created_at = created_at - interval '4 days', until = until - interval '4 days' WHERE user_id = ANY(@ids)
            """, new { ids = new[] { first.Id, second.Id } });
        var (token, _) = await app.Client.LoginAsync(first.Username, first.Password); // lifted by the login itself
        Assert.Equal(first.Username, (await app.Client.MeAsync(token)).GetProperty("username").GetString());
        await (await _posts.GetAsync($"/api/v1/users/{second.Username}", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);

        await app.Services.GetServices<IScheduledJob>().Single(j => j.Name == "suspension-expiry").RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);
        (await _posts.GetAsync($"/api/v1/users/{second.Username}", viewer)).EnsureSuccessStatusCode();
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM account_suspensions WHERE user_id = ANY(@ids)",
            new { ids = new[] { first.Id, second.Id } }));
        var target = await _posts.NewUserAsync();
        await (await SuspendAsync(moderator, target.Username, new { reason = "x", days = 0 })).AssertValidationErrorAsync("days");
        await (await SuspendAsync(moderator, target.Username, new { reason = "x", days = 366 })).AssertValidationErrorAsync("days");
    }

    private async Task<Guid> ReportIdAsync(TestUser reporter, TestUser target) =>
        (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter, new { targetType = "user", targetId = target.Id, reason = "harassment" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
}
