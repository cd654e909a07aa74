using System.Net;
using Dapper;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Two moderators closing reports of one target at once (docs/moderation.md "Acting on a report"): a removal closes every
/// open report of the target, also one filed after it locked the reports it knew of. Ids are only roughly time-ordered (two
/// hosts' clocks), so such a report can sort before those: the second moderator then held it and waited for the first, who
/// waited for it (a deadlock, a 503). Both now take the target's turn before any report.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ResolveTurnTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task A_report_filed_while_its_target_is_removed_and_resolved_at_once_waits_for_the_removal_before_it_holds_a_report()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var first = await ReportAsync(post);

        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM posts WHERE id = @post FOR KEY SHARE", new { post }, hold);
        var removal = ResolveAsync(first, new { outcome = "actioned", remove = true });
        var removalBackend = await TransactionRace.BlockedByAsync(db, holder.ProcessID, removal);
        Assert.NotNull(removalBackend); // the first report locked, the takedown waiting for the post

        // Filed now on a host whose clock is behind (still after the post): its id sorts before the first report's.
        app.Clock.Advance(TimeSpan.FromMinutes(-1));
        Guid late;
        try { late = await ReportAsync(post); }
        finally { app.Clock.Advance(TimeSpan.FromMinutes(1)); }
        Assert.True(await _posts.ScalarAsync<bool>("SELECT @late::uuid < @first::uuid", new { late, first }));

        var dismissal = ResolveAsync(late, new { outcome = "dismissed" });
        Assert.NotNull(await TransactionRace.BlockedByAsync(db, removalBackend.Value, dismissal));
        await using (var probe = await db.OpenConnectionAsync())
            Assert.Equal(1L, await probe.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM (SELECT 1 FROM reports WHERE id = @late FOR UPDATE SKIP LOCKED) free", new { late })); // holds nothing while it waits
        await hold.CommitAsync();

        Assert.Equal(HttpStatusCode.OK, (await removal).StatusCode);
        await (await dismissal).AssertProblemAsync(HttpStatusCode.Conflict); // closed with the removal
        Assert.Equal(2L, await _posts.ScalarAsync<long>("SELECT count(*) FROM reports WHERE id IN (@first, @late) AND status = 'actioned'",
            new { first, late }));
    }

    private async Task<HttpResponseMessage> ResolveAsync(Guid report, object body) =>
        await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await _posts.ModeratorAsync(), body);

    private async Task<Guid> ReportAsync(Guid post) =>
        (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(),
            new { targetType = "post", targetId = post, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
}
