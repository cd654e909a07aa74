using System.Net;
using Dapper;
using Fowergram.Features.Feed;
using Fowergram.Platform.Http;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Moderation;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Feed;

/// <summary>
/// GET /explore over HTTP, after the explore-refresh job ranked the window. The ranking spans every account's recent
/// posts, so these tests run on a database of their own (the shared one holds other tests' posts with hundreds of
/// likes), and each asserts on its own posts only: their order among themselves is the order explore gave them.
/// </summary>
public sealed class ExploreTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private readonly FeedWorld _w = new(host.App);

    /// <summary>The test's own posts among everything explore shows the viewer, in order (every page, by cursor).</summary>
    private async Task<List<Guid>> ExploreAsync(TestUser viewer, params Guid[] among) => (await ScrollAsync(viewer, 50)).Where(among.Contains).ToList();

    private Task<List<Guid>> ScrollAsync(TestUser viewer, int limit) =>
        KeysetPages.AllIdsAsync(url => _w.SendAsync(HttpMethod.Get, url, viewer), "/api/v1/explore", limit, fullPagesOnly: true);

    /// <summary>One page: its post ids (all of them, not only the test's) and the cursor to the next one.</summary>
    private async Task<(List<Guid> Ids, string? Next)> PageAsync(TestUser viewer, int limit, string? cursor = null)
    {
        var body = await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/explore?limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}"), viewer)).ReadJsonAsync();
        return (body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList(),
            body.TryGetProperty("nextCursor", out var next) ? next.GetString() : null);
    }

    private Task RefreshAsync() =>
        host.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == ExploreRefreshJob.JobName).RunAsync(_w.Now, CancellationToken.None);

    private async Task LikedByAsync(Guid post, int likers)
    {
        for (var i = 0; i < likers; i++) await _w.LikeAsync(await _w.UserAsync(), post);
    }

    private async Task CommentAsync(TestUser who, Guid post) =>
        await (await _w.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments", who, new { content = "nice" })).ReadJsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Posts_of_accounts_the_caller_does_not_follow_come_most_engaging_first()
    {
        var (viewer, ana, ben) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var quiet = await _w.PostAsync(ana);
        var liked = await _w.PostAsync(ana);
        var discussed = await _w.PostAsync(ben);
        var newerQuiet = await _w.PostAsync(ben);
        await LikedByAsync(liked, 3);
        await LikedByAsync(discussed, 1);
        await CommentAsync(await _w.UserAsync(), discussed);
        await CommentAsync(await _w.UserAsync(), discussed); // 1 like + 2 comments = 5, ahead of 3 likes
        await _w.DrainAsync();
        await RefreshAsync();

        Assert.Equal([discussed, liked, newerQuiet, quiet], await ExploreAsync(viewer, quiet, liked, discussed, newerQuiet));
    }

    [Fact]
    public async Task The_ranking_changes_at_the_next_refresh_only()
    {
        var (viewer, author) = (await _w.UserAsync(), await _w.UserAsync());
        var first = await _w.PostAsync(author);
        await RefreshAsync();
        var second = await _w.PostAsync(author);
        await LikedByAsync(second, 2);
        await _w.DrainAsync();

        Assert.Equal([first], await ExploreAsync(viewer, first, second));
        await RefreshAsync();
        Assert.Equal([second, first], await ExploreAsync(viewer, first, second));
    }

    [Fact]
    public async Task Concurrent_refreshes_leave_one_ranking()
    {
        var (viewer, author) = (await _w.UserAsync(), await _w.UserAsync());
        var post = await _w.PostAsync(author);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RefreshAsync()));

        Assert.Equal([post], await ExploreAsync(viewer, post));
        await using var conn = await host.App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM explore_candidates WHERE post_id = @post", new { post }));
    }

    /// <summary>Everything about the caller is decided when they ask: the ranking was made before any of these changes.</summary>
    [Fact]
    public async Task Own_followed_muted_blocked_private_deleted_and_archived_posts_never_show()
    {
        var viewer = await _w.UserAsync();
        var (stranger, followed, muted, blocked, blocker, locked) =
            (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var shown = await _w.PostAsync(stranger);
        var deleted = await _w.PostAsync(stranger);
        var archived = await _w.PostAsync(stranger);
        var hidden = new[]
        {
            await _w.PostAsync(viewer), await _w.PostAsync(followed), await _w.PostAsync(muted), await _w.PostAsync(blocked),
            await _w.PostAsync(blocker), await _w.PostAsync(locked), deleted, archived,
        };
        await RefreshAsync();
        await _w.FollowAsync(viewer, followed);
        await _w.MuteAsync(viewer, muted);
        await _w.BlockAsync(viewer, blocked);
        await _w.BlockAsync(blocker, viewer);
        await _w.SetPrivateAsync(locked, true);
        await _w.DeletePostAsync(stranger, deleted);
        await _w.ArchivePostAsync(stranger, archived);

        Assert.Equal([shown], await ExploreAsync(viewer, [shown, .. hidden]));
    }

    [Fact]
    public async Task No_account_fills_the_page()
    {
        var (viewer, prolific) = (await _w.UserAsync(), await _w.UserAsync());
        var posts = new List<Guid>();
        for (var i = 0; i < ExploreRefreshJob.PerAuthor + 2; i++) posts.Add(await _w.PostAsync(prolific));
        await LikedByAsync(posts[0], 2);
        await _w.DrainAsync();
        await RefreshAsync();

        var shown = await ExploreAsync(viewer, [.. posts]);

        Assert.Equal(ExploreRefreshJob.PerAuthor, shown.Count);
        Assert.Equal(posts[0], shown[0]); // its best one, then its newest
        Assert.Equal([posts[^1], posts[^2]], shown[1..]);
    }

    [Fact]
    public async Task Posts_older_than_the_window_are_left_out()
    {
        var (viewer, author) = (await _w.UserAsync(), await _w.UserAsync());
        var (old, recent) = (await _w.PostAsync(author), await _w.PostAsync(author));
        await using var conn = await host.App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var now = _w.Now;
        await conn.ExecuteAsync("UPDATE posts SET created_at = @at WHERE id = @id", new { id = old, at = now - ExploreRefreshJob.Window - TimeSpan.FromMinutes(1) });
        await conn.ExecuteAsync("UPDATE posts SET created_at = @at WHERE id = @id", new { id = recent, at = now - ExploreRefreshJob.Window + TimeSpan.FromMinutes(1) });
        await RefreshAsync();

        Assert.Equal([recent], await ExploreAsync(viewer, old, recent));
        host.App.Clock.Advance(TimeSpan.FromMinutes(2)); // ages out before the next refresh
        Assert.Empty(await ExploreAsync(viewer, old, recent));
    }

    [Fact]
    public async Task Pages_follow_one_another_by_cursor_without_repeats_or_gaps()
    {
        var (viewer, followed) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(viewer, followed);
        var ours = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ours.Add(await _w.PostAsync(await _w.UserAsync()));
            await _w.PostAsync(followed); // ranked too, but never the viewer's to discover: the walk skips them
        }
        await LikedByAsync(ours[2], 1);
        await _w.DrainAsync();
        await RefreshAsync();

        var all = await ScrollAsync(viewer, 50);
        var scrolled = await ScrollAsync(viewer, 3);

        Assert.Equal(all, scrolled);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal([ours[2], ours[3], ours[1], ours[0]], scrolled.Where(ours.Contains));
    }

    [Fact]
    public async Task A_cursor_continues_below_its_card_in_the_next_ranking()
    {
        var viewer = await _w.UserAsync();
        var (top, mid, low) = (await _w.PostAsync(await _w.UserAsync()), await _w.PostAsync(await _w.UserAsync()), await _w.PostAsync(await _w.UserAsync()));
        await LikedByAsync(top, 5);
        await LikedByAsync(mid, 3);
        await LikedByAsync(low, 1);
        await _w.DrainAsync();
        await RefreshAsync();
        string? cursor = null;
        List<Guid> seen;
        do (seen, cursor) = await PageAsync(viewer, 1, cursor);
        while (!seen.Contains(top)); // other tests' posts may rank above it

        await LikedByAsync(low, 6); // now above top: ranked ahead of where this scroll already is
        await _w.DrainAsync();
        await RefreshAsync();
        var rest = new List<Guid>();
        while (cursor is not null)
        {
            var (ids, next) = await PageAsync(viewer, 50, cursor);
            rest.AddRange(ids);
            cursor = next;
        }

        Assert.Equal([mid], rest.Where(new[] { top, mid, low }.Contains));
    }

    [Fact]
    public async Task A_post_marked_not_interested_leaves_the_callers_explore_until_taken_back()
    {
        var (viewer, other, author, locked) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var (dismissed, kept) = (await _w.PostAsync(author), await _w.PostAsync(author));
        var hidden = await _w.PostAsync(locked);
        await _w.SetPrivateAsync(locked, true);
        await RefreshAsync();

        for (var i = 0; i < 2; i++) // idempotent
            Assert.Equal(HttpStatusCode.NoContent, (await _w.SendAsync(HttpMethod.Put, $"/api/v1/posts/{dismissed}/not-interested", viewer)).StatusCode);

        Assert.Equal([kept], await ExploreAsync(viewer, dismissed, kept));
        Assert.Equal([kept, dismissed], await ExploreAsync(other, dismissed, kept)); // the viewer's choice only
        await (await _w.SendAsync(HttpMethod.Put, $"/api/v1/posts/{hidden}/not-interested", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Put, $"/api/v1/posts/{Guid.NewGuid()}/not-interested", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Put, "/api/v1/posts/not-an-id/not-interested", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await host.App.Client.PutAsync($"/api/v1/posts/{kept}/not-interested", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await using (var conn = await host.App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
            Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM explore_dismissals WHERE user_id = @id", new { id = viewer.Id }));

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.NoContent, (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{dismissed}/not-interested", viewer)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{hidden}/not-interested", viewer)).StatusCode);
        Assert.Equal([kept, dismissed], await ExploreAsync(viewer, dismissed, kept));
    }

    [Fact]
    public async Task An_account_whose_posts_the_caller_does_not_want_suggested_leaves_explore_until_taken_back()
    {
        var (viewer, other, hidden, shown) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var (first, second, kept) = (await _w.PostAsync(hidden), await _w.PostAsync(hidden), await _w.PostAsync(shown));
        await RefreshAsync();

        for (var i = 0; i < 2; i++) // idempotent
            Assert.Equal(HttpStatusCode.NoContent, (await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/{hidden.Username}/not-interested", viewer)).StatusCode);

        Assert.Equal([kept], await ExploreAsync(viewer, first, second, kept));
        Assert.Equal([kept, second, first], await ExploreAsync(other, first, second, kept));
        await (await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/{viewer.Username}/not-interested", viewer)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _w.SendAsync(HttpMethod.Put, "/api/v1/users/nobody-here-at-all/not-interested", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await host.App.Client.PutAsync($"/api/v1/users/{hidden.Username}/not-interested", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.NoContent, (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/{hidden.Username}/not-interested", viewer)).StatusCode);
        Assert.Equal([kept, second, first], await ExploreAsync(viewer, first, second, kept));
    }

    [Fact]
    public async Task A_cursor_it_did_not_issue_is_named()
    {
        var viewer = await _w.UserAsync();
        var feedCursor = new Cursor(_w.Now, Guid.NewGuid()).Encode();
        var exploreCursor = new RankCursor(1, new Cursor(_w.Now, Guid.NewGuid())).Encode();
        foreach (var cursor in new[] { "garbage", feedCursor, exploreCursor[..^2], "-1." + feedCursor, "." + feedCursor })
            await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/explore?cursor={cursor}", viewer)).AssertValidationErrorAsync("cursor");
    }

    [Fact]
    public async Task Guests_are_asked_to_sign_in_and_a_bad_limit_is_named()
    {
        await (await host.App.Client.GetAsync("/api/v1/explore")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var viewer = await _w.UserAsync();
        foreach (var limit in new[] { "0", "51", "ten" })
            await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/explore?limit={limit}", viewer)).AssertValidationErrorAsync("limit");
    }

    [Fact]
    public async Task A_post_reported_by_enough_accounts_leaves_explore_until_the_reports_are_closed()
    {
        var (viewer, author) = (await _w.UserAsync(), await _w.UserAsync());
        var (reported, other) = (await _w.PostAsync(author), await _w.PostAsync(author));
        await RefreshAsync();
        var posts = new PostsClient(host.App);

        var reports = await ReviewLimitTests.ReportAsync(posts, "post", reported, ReviewLimit.Reports);
        Assert.Equal([other], await ExploreAsync(viewer, reported, other)); // at once: the page reads the reports, not the ranking

        await ReviewLimitTests.DismissAsync(posts, reports);
        Assert.Equal([other, reported], await ExploreAsync(viewer, reported, other));
    }
}
