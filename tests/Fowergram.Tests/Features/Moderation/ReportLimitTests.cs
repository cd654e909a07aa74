using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// One account files at most 50 new reports an hour (docs/moderation.md "Reporting limit"): the next is a 429 with
/// Retry-After that files nothing, a target it reported already still answers its first report, and an hour on it may
/// report again. Before, nothing limited it: one account could fill the moderators' queue. The hour's reports are written
/// straight into the table, at the host's clock.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReportLimitTests(FowergramApp app)
{
    private const int Limit = 50;
    private readonly PostsClient _posts = new(app);

    private Task<HttpResponseMessage> ReportAsync(TestUser reporter, Guid post) =>
        _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter, new { targetType = "post", targetId = post, reason = "spam" });

    [Fact]
    public async Task An_account_past_fifty_reports_an_hour_is_refused_until_the_hour_has_passed()
    {
        var (reporter, author) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var (reported, next) = (await _posts.PostIdAsync(author), await _posts.PostIdAsync(author));
        (await ReportAsync(reporter, reported)).EnsureSuccessStatusCode();
        var now = app.Clock.GetUtcNow();
        await _posts.ExecuteAsync("""
            INSERT INTO reports (id, reporter_id, target_type, target_id, reason, created_at, updated_at)
            SELECT gen_random_uuid(), @reporter, 'post', gen_random_uuid(), 'spam', @now - interval '50 minutes' + n * interval '1 second', @now
              FROM generate_series(1, @others) n
            """, new { reporter = reporter.Id, now, others = Limit - 1 });

        var refused = await ReportAsync(reporter, next);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        var wait = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(wait, 9 * 60, 10 * 60 + 1); // the oldest of the hour's reports, 50 minutes old, leaves it in 10
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM reports WHERE target_id = @next", new { next }));
        Assert.Equal(HttpStatusCode.OK, (await ReportAsync(reporter, reported)).StatusCode);

        await _posts.ExecuteAsync("UPDATE reports SET created_at = created_at - interval '1 hour' WHERE reporter_id = @reporter",
            new { reporter = reporter.Id });
        Assert.Equal(HttpStatusCode.Created, (await ReportAsync(reporter, next)).StatusCode);
    }
}
