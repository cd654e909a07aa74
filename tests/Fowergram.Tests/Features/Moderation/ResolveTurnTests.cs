using System.Net;
using Dapper;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Reports of one target filed and closed at once (docs/moderation.md "Acting on a report"): a removal closes every open
/// report of the target. Resolutions take the target's turn before any report, so two moderators take turns; filings share
/// that turn, so a report filed meanwhile is either closed with the others or finds the target gone, never left open.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ResolveTurnTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task A_dismissal_beside_a_removal_of_the_same_target_waits_for_its_turn_before_it_holds_a_report()
    {
        var (post, first) = await ReportedPostAsync();
        // Filed on a host whose clock is behind (still after the post): its id sorts before the first report's.
        app.Clock.Advance(TimeSpan.FromMinutes(-1));
        Guid late;
        try { late = await ReportAsync(post); }
        finally { app.Clock.Advance(TimeSpan.FromMinutes(1)); }
        Assert.True(await _posts.ScalarAsync<bool>("SELECT @late::uuid < @first::uuid", new { late, first }));

        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM posts WHERE id = @post FOR NO KEY UPDATE", new { post }, hold); // an edit of the post in flight
        var removal = ResolveAsync(first, new { outcome = "actioned", remove = true });
        var removalBackend = await TransactionRace.BlockedByAsync(db, holder.ProcessID, removal);
        Assert.NotNull(removalBackend); // the reports locked, the takedown waiting for the post

        var dismissal = ResolveAsync(late, new { outcome = "dismissed" });
        Assert.NotNull(await TransactionRace.BlockedByAsync(db, removalBackend.Value, dismissal));
        await hold.CommitAsync();

        Assert.Equal(HttpStatusCode.OK, (await removal).StatusCode);
        await (await dismissal).AssertProblemAsync(HttpStatusCode.Conflict); // closed with the removal
        Assert.Equal(2L, await _posts.ScalarAsync<long>("SELECT count(*) FROM reports WHERE id IN (@first, @late) AND status = 'actioned'",
            new { first, late }));
    }

    /// <summary>
    /// A report filed while its target's removal was in flight checked the target up under its own snapshot and, committing after
    /// the removal closed the target's reports, stayed open about a post already gone. Here the filing is held between its check
    /// and its commit (a same reporter's report of the post, uncommitted, holds its insert). The removal now waits for the
    /// filing and closes it with the others.
    /// </summary>
    [Fact]
    public async Task A_report_filed_while_its_target_is_removed_is_closed_with_the_others_not_left_open()
    {
        var (post, first) = await ReportedPostAsync();
        var reporter = await _posts.NewUserAsync();

        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("""
            INSERT INTO reports (id, reporter_id, target_type, target_id, reason, created_at, updated_at)
            VALUES (gen_random_uuid(), @reporterId, 'post', @post, 'spam', now(), now())
            """, new { reporterId = reporter.Id, post }, hold);
        var filing = _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter, new { targetType = "post", targetId = post, reason = "spam" });
        var filingBackend = await TransactionRace.BlockedByAsync(db, holder.ProcessID, filing);
        Assert.NotNull(filingBackend); // it found the post up and waits to insert

        var removal = ResolveAsync(first, new { outcome = "actioned", remove = true });
        await TransactionRace.WaitInLineAsync(db, removal, filingBackend.Value);
        await hold.RollbackAsync();

        Assert.Equal(HttpStatusCode.OK, (await removal).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await filing).StatusCode);
        Assert.Equal(0L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM reports WHERE target_type = 'post' AND target_id = @post AND status IN ('open', 'reviewing')", new { post }));
        Assert.Equal(2L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM reports WHERE target_type = 'post' AND target_id = @post AND status = 'actioned'", new { post }));
    }

    /// <summary>The other order: a report filed while a removal holds the target's turn waits for it, then finds the post gone.</summary>
    [Fact]
    public async Task A_report_filed_while_a_removal_holds_the_target_waits_and_finds_it_gone()
    {
        var (post, first) = await ReportedPostAsync();

        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM posts WHERE id = @post FOR NO KEY UPDATE", new { post }, hold); // an edit of the post in flight
        var removal = ResolveAsync(first, new { outcome = "actioned", remove = true });
        var removalBackend = await TransactionRace.BlockedByAsync(db, holder.ProcessID, removal);
        Assert.NotNull(removalBackend); // the target's turn taken, the takedown waiting for the post

        var filing = _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(),
            new { targetType = "post", targetId = post, reason = "spam" });
        Assert.NotNull(await TransactionRace.BlockedByAsync(db, removalBackend.Value, filing));
        await hold.CommitAsync();

        Assert.Equal(HttpStatusCode.OK, (await removal).StatusCode);
        await (await filing).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM reports WHERE target_type = 'post' AND target_id = @post AND status IN ('open', 'reviewing')", new { post }));
    }

    /// <summary>A new post, reported once a minute later.</summary>
    private async Task<(Guid Post, Guid Report)> ReportedPostAsync()
    {
        var post = await _posts.PostIdAsync(await _posts.NewUserAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        return (post, await ReportAsync(post));
    }

    private async Task<HttpResponseMessage> ResolveAsync(Guid report, object body) =>
        await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await _posts.ModeratorAsync(), body);

    private async Task<Guid> ReportAsync(Guid post) =>
        (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(),
            new { targetType = "post", targetId = post, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
}
