using System.Net;
using System.Text.Json;
using Fowergram.Features.Moderation;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Appeals of suspensions (migration 0119): the suspended owner appeals with the password, once per suspension; moderators
/// read the open ones and reverse (the suspension is lifted) or uphold them; the login's 403 says where the appeal stands;
/// a suspension that ends another way closes its open appeal as 'lifted'.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AppealTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<TestUser> ModeratorAsync() => _posts.ModeratorAsync();

    private async Task<TestAccount> SuspendedAsync(TestUser moderator, int? days = null)
    {
        var account = await app.Client.RegisterAsync();
        (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{account.Username}", moderator, new { reason = "spam ring", days }))
            .EnsureSuccessStatusCode();
        return account;
    }

    private Task<HttpResponseMessage> AppealAsync(TestAccount account, string? message = "I run a bakery, not a spam ring.", string? password = null) =>
        app.Client.PostJsonAsync("/api/v1/auth/appeals", new { login = account.Username, password = password ?? account.Password, message });

    private Task<HttpResponseMessage> DecideAsync(TestUser moderator, Guid appeal, string outcome, string? notes = "checked the history") =>
        _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/appeals/{appeal}/decide", moderator, new { outcome, notes });

    private async Task<string?> LoginRefusalAsync(TestAccount account) =>
        (await (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = account.Password }))
            .AssertProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString();

    private Task<List<JsonElement>> QueueAsync(TestUser moderator) => _posts.WholeQueueAsync("/api/v1/moderation/appeals", moderator);

    /// <summary>The decision mails the account received (the consumer has run for every decision about it).</summary>
    private async Task<List<TestMail>> DecisionMailsAsync(TestAccount account) =>
        (await TestMailbox.DeliverAsync(app, account, AppealMailConsumer.ConsumerName, AppealEvents.Decided))
            .Where(m => m.Subject == "Your Fowergram appeal was reviewed").ToList();

    private Task<long> AppealCountAsync(TestAccount account) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM suspension_appeals WHERE user_id = @id", new { id = account.Id });

    [Fact]
    public async Task An_upheld_appeal_leaves_the_suspension_and_the_owner_is_told_at_login()
    {
        var moderator = await ModeratorAsync();
        var account = await SuspendedAsync(moderator);
        Assert.Contains("you can appeal", await LoginRefusalAsync(account));

        // Only with the password; the answer for a wrong one is the login's.
        await (await AppealAsync(account, password: "Not-the-password-1")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await AppealCountAsync(account));
        var made = await (await AppealAsync(account, "  I run a bakery, not a spam ring.  ")).ReadJsonAsync(HttpStatusCode.Created);
        var id = made.GetProperty("id").GetGuid();
        Assert.Equal(("open", "I run a bakery, not a spam ring."), (made.GetProperty("status").GetString(), made.GetProperty("message").GetString()));
        // Once per suspension: asking again answers the first appeal, unchanged.
        var again = await (await AppealAsync(account, "Please look again.")).ReadJsonAsync();
        Assert.Equal((id, "I run a bakery, not a spam ring."), (again.GetProperty("id").GetGuid(), again.GetProperty("message").GetString()));
        Assert.Contains("being reviewed", await LoginRefusalAsync(account));

        var queued = Assert.Single(await QueueAsync(moderator), a => a.GetProperty("id").GetGuid() == id);
        Assert.Equal((account.Username, "spam ring", moderator.Username), (queued.GetProperty("username").GetString(),
            queued.GetProperty("suspension").GetProperty("reason").GetString(), queued.GetProperty("suspension").GetProperty("suspendedBy").GetString()));

        var upheld = await (await DecideAsync(moderator, id, "upheld")).ReadJsonAsync();
        Assert.Equal(("upheld", moderator.Username, "checked the history"), (upheld.GetProperty("status").GetString(),
            upheld.GetProperty("decidedBy").GetString(), upheld.GetProperty("notes").GetString()));
        await (await DecideAsync(moderator, id, "reversed")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("suspension stands", await LoginRefusalAsync(account));
        Assert.Contains("stays in place", Assert.Single(await DecisionMailsAsync(account)).TextBody);
        var seen = await (await AppealAsync(account, "One more time?")).ReadJsonAsync();
        Assert.Equal(("upheld", JsonValueKind.Undefined), (seen.GetProperty("status").GetString(),
            seen.TryGetProperty("notes", out var notes) ? notes.ValueKind : JsonValueKind.Undefined)); // the moderators' notes stay theirs
        Assert.DoesNotContain(await QueueAsync(moderator), a => a.GetProperty("id").GetGuid() == id);
        Assert.Equal(1L, await AppealCountAsync(account));
        Assert.False(await _posts.ScalarAsync<bool>("SELECT is_active FROM users WHERE id = @id", new { id = account.Id }));
    }

    [Fact]
    public async Task A_reversed_appeal_lifts_the_suspension_and_the_owner_logs_in_again()
    {
        var moderator = await ModeratorAsync();
        var account = await SuspendedAsync(moderator);
        var id = (await (await AppealAsync(account)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var reversed = await (await DecideAsync(moderator, id, "reversed", notes: null)).ReadJsonAsync();
        Assert.Equal("reversed", reversed.GetProperty("status").GetString());
        Assert.False(reversed.TryGetProperty("suspension", out _)); // it is over
        Assert.Contains("lifted the suspension", Assert.Single(await DecisionMailsAsync(account)).TextBody);
        var (token, _) = await app.Client.LoginAsync(account.Username, account.Password);
        Assert.Equal(account.Username, (await app.Client.MeAsync(token)).GetProperty("username").GetString());
        await (await AppealAsync(account)).AssertProblemAsync(HttpStatusCode.Conflict); // nothing to appeal
        // What the owner wrote is theirs: the export carries it, without the moderators' side.
        var exported = (await (await _posts.GetAsync("/api/v1/users/me/export", new TestUser(account.Id, account.Username, token))).ReadJsonAsync())
            .GetProperty("appeals").EnumerateArray().Single();
        Assert.Equal(("I run a bakery, not a spam ring.", "reversed"), (exported.GetProperty("message").GetString(), exported.GetProperty("status").GetString()));
        Assert.False(exported.TryGetProperty("notes", out _));
        var read = await (await _posts.GetAsync($"/api/v1/moderation/appeals/{id}", moderator)).ReadJsonAsync();
        Assert.Equal(("reversed", moderator.Username), (read.GetProperty("status").GetString(), read.GetProperty("decidedBy").GetString()));

        // Suspended again later: a new suspension may be appealed anew.
        (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{account.Username}", moderator, new { reason = "again" }))
            .EnsureSuccessStatusCode();
        var second = await (await AppealAsync(account)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.NotEqual(id, second.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_suspension_lifted_by_a_moderator_or_run_out_closes_its_open_appeal_as_lifted()
    {
        var moderator = await ModeratorAsync();
        var (lifted, expired) = (await SuspendedAsync(moderator), await SuspendedAsync(moderator, days: 2));
        var liftedAppeal = (await (await AppealAsync(lifted)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var expiredAppeal = (await (await AppealAsync(expired)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/moderation/suspensions/{lifted.Username}", moderator)).EnsureNoContentAsync();
        // Three days on (the row moved back rather than the clock forward, which would outdate every test's tokens).
        await _posts.ExecuteAsync("""
            UPDATE account_suspensions SET created_at = created_at - interval '3 days', until = until - interval '3 days' WHERE user_id = @id
            """, new { id = expired.Id });
        await app.Services.GetServices<IScheduledJob>().Single(j => j.Name == "suspension-expiry").RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);

        foreach (var appeal in new[] { liftedAppeal, expiredAppeal })
        {
            var read = await (await _posts.GetAsync($"/api/v1/moderation/appeals/{appeal}", moderator)).ReadJsonAsync();
            Assert.Equal("lifted", read.GetProperty("status").GetString());
            Assert.False(read.TryGetProperty("decidedBy", out _));
            await (await DecideAsync(moderator, appeal, "upheld")).AssertProblemAsync(HttpStatusCode.Conflict);
        }
        Assert.Empty(await DecisionMailsAsync(lifted)); // nothing was decided: the account simply logs in again
    }

    [Fact]
    public async Task With_two_factor_on_an_appeal_takes_a_code_as_a_login_does()
    {
        var moderator = await ModeratorAsync();
        var account = await app.Client.RegisterAsync();
        var (_, recovery) = await Fowergram.Tests.Features.Accounts.TwoFactorTests.TurnOnAsync(app, account);
        (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{account.Username}", moderator, new { reason = "spam ring" }))
            .EnsureSuccessStatusCode();
        object Body(string? code) => new { login = account.Username, password = account.Password, message = "Not a spam ring.", code };

        // The password alone neither writes an appeal nor reads one: a 400 naming code, as the login's 401 asks for it.
        var asked = await (await app.Client.PostJsonAsync("/api/v1/auth/appeals", Body(null))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(asked.GetProperty("twoFactorRequired").GetBoolean());
        await (await app.Client.PostJsonAsync("/api/v1/auth/appeals", Body("zzzz-zzzz"))).AssertValidationErrorAsync("code");
        Assert.Equal(0L, await AppealCountAsync(account));

        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostJsonAsync("/api/v1/auth/appeals", Body(recovery[0]))).StatusCode);
        Assert.Equal(1L, await AppealCountAsync(account));
        // A code is spent once: the same one again is refused, another one reads the appeal back.
        await (await app.Client.PostJsonAsync("/api/v1/auth/appeals", Body(recovery[0]))).AssertValidationErrorAsync("code");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostJsonAsync("/api/v1/auth/appeals", Body(recovery[1]))).StatusCode);
    }

    [Fact]
    public async Task Bad_appeals_and_decisions_are_refused_and_change_nothing()
    {
        var (moderator, someone) = (await ModeratorAsync(), await _posts.NewUserAsync());
        var account = await SuspendedAsync(moderator);
        var active = await app.Client.RegisterAsync();

        await (await AppealAsync(account, message: "   ")).AssertValidationErrorAsync("message");
        await (await AppealAsync(account, message: new string('x', 2001))).AssertValidationErrorAsync("message");
        await (await app.Client.PostJsonAsync("/api/v1/auth/appeals", new { login = account.Username, message = "hi" })).AssertValidationErrorAsync("password");
        await (await app.Client.PostJsonAsync("/api/v1/auth/appeals", new { login = "nobody" + Guid.NewGuid().ToString("N")[..8], password = "Whatever-1234", message = "hi" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await AppealAsync(active)).AssertProblemAsync(HttpStatusCode.Conflict); // not suspended
        Assert.Equal(0L, await AppealCountAsync(account) + await AppealCountAsync(active));

        var id = (await (await AppealAsync(account)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await DecideAsync(moderator, id, "granted")).AssertValidationErrorAsync("outcome");
        await (await DecideAsync(moderator, id, "upheld", new string('x', 2001))).AssertValidationErrorAsync("notes");
        await (await DecideAsync(moderator, id, "upheld", "\u200B\u200B")).AssertValidationErrorAsync("notes");
        await (await DecideAsync(someone, id, "reversed")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await DecideAsync(moderator, Guid.NewGuid(), "reversed")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.GetAsync("/api/v1/moderation/appeals", someone)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _posts.GetAsync($"/api/v1/moderation/appeals/{id}", someone)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _posts.GetAsync("/api/v1/moderation/appeals/not-an-id", moderator)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("open", await _posts.ScalarAsync<string>("SELECT status FROM suspension_appeals WHERE id = @id", new { id }));
        Assert.False(await _posts.ScalarAsync<bool>("SELECT is_active FROM users WHERE id = @id", new { id = account.Id }));
    }

    [Fact]
    public async Task Appeals_and_decisions_at_once_make_one_appeal_and_one_decision()
    {
        var (moderator, colleague) = (await ModeratorAsync(), await ModeratorAsync());
        var account = await SuspendedAsync(moderator);
        // Five: each appeal is a login attempt, and the throttle counts attempts until one succeeds (Auth:LoginMaxFailures),
        // so more at once may meet a 429 before the first success clears the count.
        var made = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => AppealAsync(account, $"Appeal number {i}")));
        Assert.Equal([200, 200, 200, 200, 201], made.Select(r => (int)r.StatusCode).Order());
        Assert.Equal(1L, await AppealCountAsync(account));
        var id = await _posts.ScalarAsync<Guid>("SELECT id FROM suspension_appeals WHERE user_id = @id", new { id = account.Id });

        // Two moderators deciding and a third lifting the suspension, all at once: one of them closes it, the rest find it closed.
        var answers = await Task.WhenAll(DecideAsync(moderator, id, "reversed"), DecideAsync(colleague, id, "upheld"),
            _posts.SendAsync(HttpMethod.Delete, $"/api/v1/moderation/suspensions/{account.Username}", colleague));
        Assert.All(answers, a => Assert.True((int)a.StatusCode < 500));
        var status = await _posts.ScalarAsync<string>("SELECT status FROM suspension_appeals WHERE id = @id", new { id });
        Assert.Equal(1, answers.Take(2).Count(a => a.StatusCode == HttpStatusCode.OK) + (status == "lifted" ? 1 : 0));
        // Whatever the order, the lift ends the suspension (after an upheld decision too: lifting is a moderator's call).
        Assert.True(await _posts.ScalarAsync<bool>("SELECT is_active FROM users WHERE id = @id", new { id = account.Id }));
    }
}
