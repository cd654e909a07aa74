using System.Net;
using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Platform.Http;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Feed;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// GET /reels/recommended over HTTP, after the reel-recommendations job ranked the window. The ranking spans every
/// account's recent reels and keeps the best 1,000, so the class has a database of its own; engagement is written to
/// reel_stats directly (the counters are reel-counters' business, tested elsewhere). Relationships go through the routes.
/// </summary>
public sealed class ReelRecommendationTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private readonly FeedWorld _w = new(host.App);
    private readonly ReelsClient _reels = new(host.App);

    private async Task<Guid> ReelAsync(TestUser author)
    {
        host.App.Clock.Advance(TimeSpan.FromMilliseconds(1)); // newest first on a tie is then defined
        return await _reels.ReelIdAsync(author);
    }

    /// <summary>The stats reel-counters would keep; the score is 10 × likes + 20 × comments + plays.</summary>
    private async Task StatsAsync(Guid reelId, long likes = 0, long comments = 0, long plays = 0)
    {
        await using var conn = await _w.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO reel_stats (reel_id, like_count, comment_count, play_count) VALUES (@reelId, @likes, @comments, @plays)
            ON CONFLICT (reel_id) DO UPDATE SET like_count = @likes, comment_count = @comments, play_count = @plays
            """, new { reelId, likes, comments, plays });
    }

    private Task RefreshAsync() =>
        host.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == ReelRecommendationsJob.JobName).RunAsync(_w.Now, CancellationToken.None);

    /// <summary>The test's own reels among everything the tab shows the viewer, in order (every page, by cursor).</summary>
    private async Task<List<Guid>> RecommendedAsync(TestUser viewer, params Guid[] among) => (await ScrollAsync(viewer, 50)).Where(among.Contains).ToList();

    private Task<List<Guid>> ScrollAsync(TestUser viewer, int limit) =>
        KeysetPages.AllIdsAsync(url => _w.SendAsync(HttpMethod.Get, url, viewer), "/api/v1/reels/recommended", limit, fullPagesOnly: true);

    [Fact]
    public async Task Reels_of_accounts_the_caller_does_not_follow_come_most_engaging_first_with_playable_videos()
    {
        var (viewer, ana, ben) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var quiet = await ReelAsync(ana);
        var liked = await ReelAsync(ana);
        var discussed = await ReelAsync(ben);
        var played = await ReelAsync(ben);
        await StatsAsync(liked, likes: 3);                 // 30
        await StatsAsync(discussed, likes: 1, comments: 1); // 30, and newer than liked
        await StatsAsync(played, plays: 35);               // 35: ten plays weigh one like
        await RefreshAsync();

        Assert.Equal([played, discussed, liked, quiet], await RecommendedAsync(viewer, quiet, liked, discussed, played));
        var body = await (await _w.SendAsync(HttpMethod.Get, "/api/v1/reels/recommended?limit=50", viewer)).ReadJsonAsync();
        var item = body.GetProperty("items").EnumerateArray().First(r => r.GetProperty("id").GetGuid() == played);
        Assert.Equal(ben.Username, item.GetProperty("author").GetProperty("username").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.App.Client.GetAsync(item.GetProperty("video").GetProperty("url").GetString())).StatusCode);
    }

    [Fact]
    public async Task The_ranking_changes_at_the_next_refresh_only()
    {
        var (viewer, author) = (await _w.UserAsync(), await _w.UserAsync());
        var first = await ReelAsync(author);
        await RefreshAsync();
        var second = await ReelAsync(author);
        await StatsAsync(second, likes: 2);

        Assert.Equal([first], await RecommendedAsync(viewer, first, second));
        await RefreshAsync();
        Assert.Equal([second, first], await RecommendedAsync(viewer, first, second));
    }

    [Fact]
    public async Task Concurrent_refreshes_leave_one_ranking()
    {
        var (viewer, author) = (await _w.UserAsync(), await _w.UserAsync());
        var reel = await ReelAsync(author);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RefreshAsync()));

        Assert.Equal([reel], await RecommendedAsync(viewer, reel));
        await using var conn = await _w.Db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM reel_recommendations WHERE reel_id = @reel", new { reel }));
    }

    /// <summary>Everything about the caller is decided when they ask: the ranking was made before any of these changes.</summary>
    [Fact]
    public async Task Own_followed_muted_blocked_private_deleted_and_played_reels_never_show()
    {
        var viewer = await _w.UserAsync();
        var (stranger, followed, muted, blocked, blocker, locked) =
            (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var shown = await ReelAsync(stranger);
        var deleted = await ReelAsync(stranger);
        var played = await ReelAsync(stranger);
        var hidden = new[]
        {
            await ReelAsync(viewer), await ReelAsync(followed), await ReelAsync(muted), await ReelAsync(blocked),
            await ReelAsync(blocker), await ReelAsync(locked), deleted, played,
        };
        await RefreshAsync();
        await _w.FollowAsync(viewer, followed);
        await _w.MuteAsync(viewer, muted);
        await _w.BlockAsync(viewer, blocked);
        await _w.BlockAsync(blocker, viewer);
        await _w.SetPrivateAsync(locked, true);
        await (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{deleted}", stranger)).EnsureNoContentAsync();
        await (await _w.SendAsync(HttpMethod.Post, $"/api/v1/reels/{played}/views", viewer)).EnsureNoContentAsync();

        Assert.Equal([shown], await RecommendedAsync(viewer, [shown, .. hidden]));
        var other = await _w.UserAsync(); // the play was the viewer's: everyone else still gets the reel
        Assert.Equal([played, shown], await RecommendedAsync(other, shown, played));
    }

    [Fact]
    public async Task A_stories_only_mute_hides_nothing_and_a_pending_request_is_not_a_follow()
    {
        var viewer = await _w.UserAsync();
        var (storiesMuted, requested) = (await _w.UserAsync(), await _w.UserAsync());
        var (a, b) = (await ReelAsync(storiesMuted), await ReelAsync(requested));
        await RefreshAsync();
        await _w.MuteAsync(viewer, storiesMuted, posts: false, stories: true);
        await _w.SetPrivateAsync(requested, true);
        Assert.Equal("requested", await _w.RequestFollowAsync(viewer, requested)); // not approved: the private account stays out of reach

        Assert.Equal([a], await RecommendedAsync(viewer, a, b));
    }

    [Fact]
    public async Task No_account_fills_the_tab()
    {
        var (viewer, prolific) = (await _w.UserAsync(), await _w.UserAsync());
        var reels = new List<Guid>();
        for (var i = 0; i < ReelRecommendationsJob.PerAuthor + 2; i++) reels.Add(await ReelAsync(prolific));
        await StatsAsync(reels[0], likes: 2);
        await RefreshAsync();

        var shown = await RecommendedAsync(viewer, [.. reels]);

        Assert.Equal(ReelRecommendationsJob.PerAuthor, shown.Count);
        Assert.Equal(reels[0], shown[0]); // its best one, then its newest
        Assert.Equal([reels[^1], reels[^2]], shown[1..]);
    }

    [Fact]
    public async Task Reels_older_than_the_window_are_left_out()
    {
        var (viewer, author) = (await _w.UserAsync(), await _w.UserAsync());
        var (old, recent) = (await ReelAsync(author), await ReelAsync(author));
        await using var conn = await _w.Db.OpenConnectionAsync();
        var now = _w.Now;
        await conn.ExecuteAsync("UPDATE reels SET created_at = @at WHERE id = @id", new { id = old, at = now - ReelRecommendationsJob.Window - TimeSpan.FromMinutes(1) });
        await conn.ExecuteAsync("UPDATE reels SET created_at = @at WHERE id = @id", new { id = recent, at = now - ReelRecommendationsJob.Window + TimeSpan.FromMinutes(1) });
        await RefreshAsync();

        Assert.Equal([recent], await RecommendedAsync(viewer, old, recent));
        host.App.Clock.Advance(TimeSpan.FromMinutes(2)); // ages out before the next refresh
        Assert.Empty(await RecommendedAsync(viewer, old, recent));
    }

    [Fact]
    public async Task Pages_follow_one_another_by_cursor_without_repeats_or_gaps()
    {
        var (viewer, followed) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(viewer, followed);
        var ours = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ours.Add(await ReelAsync(await _w.UserAsync()));
            await ReelAsync(followed); // ranked too, but never recommended to the viewer: the walk skips them
        }
        await StatsAsync(ours[2], likes: 1);
        await RefreshAsync();

        var all = await ScrollAsync(viewer, 50);
        var scrolled = await ScrollAsync(viewer, 3);

        Assert.Equal(all, scrolled);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal([ours[2], ours[3], ours[1], ours[0]], scrolled.Where(ours.Contains));
    }

    [Fact]
    public async Task A_reel_marked_not_interested_leaves_the_callers_tab_until_taken_back()
    {
        var (viewer, other, author, locked) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var (dismissed, kept) = (await ReelAsync(author), await ReelAsync(author));
        var hidden = await ReelAsync(locked);
        await _w.SetPrivateAsync(locked, true);
        await RefreshAsync();

        for (var i = 0; i < 2; i++) // idempotent
            Assert.Equal(HttpStatusCode.NoContent, (await _w.SendAsync(HttpMethod.Put, $"/api/v1/reels/{dismissed}/not-interested", viewer)).StatusCode);

        Assert.Equal([kept], await RecommendedAsync(viewer, dismissed, kept));
        Assert.Equal([kept, dismissed], await RecommendedAsync(other, dismissed, kept));
        await (await _w.SendAsync(HttpMethod.Put, $"/api/v1/reels/{hidden}/not-interested", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Put, "/api/v1/reels/not-an-id/not-interested", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await host.App.Client.PutAsync($"/api/v1/reels/{kept}/not-interested", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.NoContent, (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{dismissed}/not-interested", viewer)).StatusCode);
        Assert.Equal([kept, dismissed], await RecommendedAsync(viewer, dismissed, kept));
    }

    [Fact]
    public async Task An_account_whose_posts_the_caller_does_not_want_suggested_leaves_the_tab()
    {
        var (viewer, hidden, shown) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var (gone, kept) = (await ReelAsync(hidden), await ReelAsync(shown));
        await RefreshAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/{hidden.Username}/not-interested", viewer)).StatusCode);
        Assert.Equal([kept], await RecommendedAsync(viewer, gone, kept));

        Assert.Equal(HttpStatusCode.NoContent, (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/{hidden.Username}/not-interested", viewer)).StatusCode);
        Assert.Equal([kept, gone], await RecommendedAsync(viewer, gone, kept));
    }

    [Fact]
    public async Task A_cursor_it_did_not_issue_a_bad_limit_and_a_guest_are_answered_with_problems()
    {
        await (await host.App.Client.GetAsync("/api/v1/reels/recommended")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var viewer = await _w.UserAsync();
        var plain = new Cursor(_w.Now, Guid.NewGuid()).Encode();
        var ranked = new RankCursor(1, new Cursor(_w.Now, Guid.NewGuid())).Encode();
        foreach (var cursor in new[] { "garbage", plain, ranked[..^2], "-1." + plain, "." + plain })
            await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/reels/recommended?cursor={cursor}", viewer)).AssertValidationErrorAsync("cursor");
        foreach (var limit in new[] { "0", "51", "ten" })
            await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/reels/recommended?limit={limit}", viewer)).AssertValidationErrorAsync("limit");
    }

    [Fact]
    public async Task A_reel_reported_by_enough_accounts_leaves_the_tab_until_the_reports_are_closed()
    {
        var (viewer, author) = (await _w.UserAsync(), await _w.UserAsync());
        var (reported, other) = (await ReelAsync(author), await ReelAsync(author));
        await StatsAsync(reported, likes: 2);
        await RefreshAsync();
        var posts = new PostsClient(host.App);

        var reports = await Moderation.ReviewLimitTests.ReportAsync(posts, "reel", reported, Fowergram.Platform.Moderation.ReviewLimit.Reports);
        Assert.Equal([other], await RecommendedAsync(viewer, reported, other));

        await Moderation.ReviewLimitTests.DismissAsync(posts, reports);
        Assert.Equal([reported, other], await RecommendedAsync(viewer, reported, other));
    }
}
