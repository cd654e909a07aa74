using System.Net;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// A temporary suspension whose time has run out stays in its row until the suspension-expiry job (or the owner's login)
/// lifts it. A moderator suspending the account again in those minutes makes a new suspension: before, the ended row
/// counted as "already suspended" (200, the old reason, no sessions ended), and the job then lifted it, so the
/// moderator's suspension was lost without a word; a report resolved with remove got a 409 instead.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EndedSuspensionTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task Suspending_again_after_a_temporary_suspension_ran_out_outlives_the_expiry_job()
    {
        var moderator = await _posts.ModeratorAsync();
        var (byRoute, byReport, reporter, viewer) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(),
            await _posts.NewUserAsync());
        var report = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter,
            new { targetType = "user", targetId = byReport.Id, reason = "harassment" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        foreach (var account in new[] { byRoute, byReport })
            await (await Suspend(moderator, account.Username, new { reason = "cool off", days = 1 })).ReadJsonAsync(HttpStatusCode.Created);
        // A day on (the rows moved back rather than the clock forward, which would outdate every test's tokens).
        await _posts.ExecuteAsync("""
            UPDATE account_suspensions SET created_at = created_at - interval '2 days', until = until - interval '2 days' WHERE user_id = ANY(@ids)
            """, new { ids = new[] { byRoute.Id, byReport.Id } });

        var again = await (await Suspend(moderator, byRoute.Username, new { reason = "worse now" })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("worse now", again.GetProperty("reason").GetString());
        var resolved = await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", moderator,
            new { outcome = "actioned", remove = true })).ReadJsonAsync();
        Assert.Equal("suspended", resolved.GetProperty("action").GetString());

        await app.Services.GetServices<IScheduledJob>().Single(j => j.Name == "suspension-expiry").RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);
        foreach (var (account, reason) in new[] { (byRoute, "worse now"), (byReport, "harassment") })
        {
            var suspension = await (await _posts.GetAsync($"/api/v1/moderation/suspensions/{account.Username}", moderator)).ReadJsonAsync();
            Assert.Equal((reason, false), (suspension.GetProperty("reason").GetString(), suspension.TryGetProperty("until", out _)));
            await (await _posts.GetAsync($"/api/v1/users/{account.Username}", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
    }

    private Task<HttpResponseMessage> Suspend(TestUser moderator, string username, object body) =>
        _posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{username}", moderator, body);
}
