using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Insights;

/// <summary>
/// Accounts reached (docs/insights.md "Accounts reached"): the distinct accounts that looked at any of the account's
/// posts, reels, videos and stories in the window, by the UTC day of their latest look, split by whether they followed
/// then; the owner's own looks never count; the viewer's export lists whose content it saw.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AccountReachTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);
    private readonly VideosClient _videos = new(app);
    private readonly StoryClient _stories = new(app);
    private PostsClient Posts => _reels.Posts;

    internal static async Task<(long Accounts, long Followers, long NonFollowers)> ReachAsync(PostsClient posts, TestUser owner, string query = "")
    {
        var reach = (await (await posts.GetAsync($"/api/v1/users/me/insights{query}", owner)).ReadJsonAsync()).GetProperty("reach");
        return (reach.GetProperty("accounts").GetInt64(), reach.GetProperty("followers").GetInt64(), reach.GetProperty("nonFollowers").GetInt64());
    }

    internal static async Task SeenAsync(PostsClient posts, TestUser viewer, params Guid[] ids) =>
        Assert.Equal(HttpStatusCode.NoContent, (await posts.SendAsync(HttpMethod.Post, "/api/v1/impressions", viewer, new { posts = ids })).StatusCode);

    private async Task LookAtAllAsync(TestUser viewer, Guid post, Guid reel, Guid video, Guid story)
    {
        await SeenAsync(Posts, viewer, post);
        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reel}/views", viewer)).EnsureNoContentAsync();
        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{video}/views", viewer)).EnsureNoContentAsync();
        (await _stories.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/seen", new Person(viewer.Id, viewer.Username))).EnsureSuccessStatusCode();
    }

    private Task<List<string>> RowVersionsAsync(TestUser owner) =>
        Posts.QueryAsync<string>("SELECT xmin::text FROM account_reach WHERE owner_id = @id ORDER BY viewer_id", new { id = owner.Id })
            .ContinueWith(t => t.Result.ToList());

    [Fact]
    public async Task Looks_at_posts_reels_videos_and_stories_reach_each_account_once_split_by_followers_and_the_owners_own_do_not_count()
    {
        var owner = await Posts.NewUserAsync();
        var (fan, storyFan, stranger, watcher) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        await Posts.FollowAsync(fan, owner);
        await Posts.FollowAsync(storyFan, owner);
        var post = await Posts.PostIdAsync(owner);
        var reel = await _reels.ReelIdAsync(owner);
        var video = await _videos.VideoIdAsync(owner);
        var (story, _) = await _stories.CreateStoryAsync(new Person(owner.Id, owner.Username));
        Assert.Equal((0L, 0L, 0L), await ReachAsync(Posts, owner));

        await SeenAsync(Posts, fan, post); // a post, then a reel played twice: one account
        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reel}/views", fan)).EnsureNoContentAsync();
        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reel}/views", fan)).EnsureNoContentAsync();
        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reel}/views", stranger)).EnsureNoContentAsync();
        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{video}/views", watcher)).EnsureNoContentAsync();
        (await _stories.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/seen", new Person(storyFan.Id, storyFan.Username))).EnsureSuccessStatusCode();
        await LookAtAllAsync(owner, post, reel, video, story); // the owner's own looks

        Assert.Equal((4L, 2L, 2L), await ReachAsync(Posts, owner));
        Assert.Equal(4L, await Posts.ScalarAsync<long>("SELECT count(*) FROM account_reach WHERE owner_id = @id", new { id = owner.Id }));
        // The viewers looked at the owner's content: nothing is counted the other way round.
        Assert.Equal((0L, 0L, 0L), await ReachAsync(Posts, fan));

        // More looks the same day, at any kind of content, write nothing: the rows keep their versions.
        var versions = await RowVersionsAsync(owner);
        foreach (var viewer in new[] { fan, storyFan, stranger, watcher })
            await LookAtAllAsync(viewer, post, reel, video, story);
        Assert.Equal(versions, await RowVersionsAsync(owner));
        Assert.Equal((4L, 2L, 2L), await ReachAsync(Posts, owner));
    }

    [Fact]
    public async Task Concurrent_first_looks_of_one_viewer_at_two_accounts_end_in_one_row_each()
    {
        var (first, second, viewer) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var posts = new[] { await Posts.PostIdAsync(first), await Posts.PostIdAsync(second), await Posts.PostIdAsync(first) };
        var reel = await _reels.ReelIdAsync(second);

        // Reports naming both accounts in either order, and plays, all at once: each account's row is written once.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => i % 3 == 2
            ? _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reel}/views", viewer).ContinueWith(t => t.Result.EnsureNoContentAsync()).Unwrap()
            : SeenAsync(Posts, viewer, i % 2 == 0 ? posts : [.. posts.Reverse()])));

        Assert.Equal((1L, 0L, 1L), await ReachAsync(Posts, first));
        Assert.Equal((1L, 0L, 1L), await ReachAsync(Posts, second));
    }

    [Fact]
    public async Task The_window_counts_accounts_by_the_utc_day_of_their_latest_look_and_splits_them_by_whether_they_followed_then()
    {
        var (owner, returning, earlier, old) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        // Looks of other days written directly: the shared clock is not moved back for one test.
        foreach (var (viewer, daysAgo, follower) in new[] { (returning, 3, false), (earlier, 10, true), (old, 40, false) })
            await Posts.ExecuteAsync("INSERT INTO account_reach (owner_id, viewer_id, last_day, follower) VALUES (@owner, @viewer, @day, @follower)",
                new { owner = owner.Id, viewer = viewer.Id, day = today.AddDays(-daysAgo), follower });
        Assert.Equal((0L, 0L, 0L), await ReachAsync(Posts, owner, "?days=1"));
        Assert.Equal((1L, 0L, 1L), await ReachAsync(Posts, owner, "?days=7"));
        Assert.Equal((2L, 1L, 1L), await ReachAsync(Posts, owner));
        Assert.Equal((3L, 1L, 2L), await ReachAsync(Posts, owner, "?days=90"));

        // The returning account follows now and looks today at a post past its own 90 days (no impression is recorded for
        // it, but the look is today's): it counts once, today, as a follower.
        await Posts.FollowAsync(returning, owner);
        var lastSeason = Guid.CreateVersion7();
        await Posts.ExecuteAsync("INSERT INTO posts (id, user_id, caption, created_at) VALUES (@lastSeason, @owner, 'last season', @at)",
            new { lastSeason, owner = owner.Id, at = app.Clock.GetUtcNow().AddDays(-91) });
        await SeenAsync(Posts, returning, lastSeason);

        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM post_impressions WHERE post_id = @lastSeason", new { lastSeason }));
        Assert.Equal((1L, 1L, 0L), await ReachAsync(Posts, owner, "?days=1"));
        Assert.Equal((1L, 1L, 0L), await ReachAsync(Posts, owner, "?days=7"));
        Assert.Equal((3L, 2L, 1L), await ReachAsync(Posts, owner, "?days=90"));
    }

    [Fact]
    public async Task The_viewers_export_lists_whose_content_it_saw_and_the_owners_names_nobody()
    {
        var (owner, viewer) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        await SeenAsync(Posts, viewer, await Posts.PostIdAsync(owner));

        var seen = (await (await Posts.GetAsync("/api/v1/users/me/export", viewer)).ReadJsonAsync()).GetProperty("contentSeen");
        var row = Assert.Single(seen.EnumerateArray());
        Assert.Equal(owner.Username, row.GetProperty("username").GetString());
        Assert.Equal(DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"), row.GetProperty("lastDay").GetString());
        var ownersExport = await (await Posts.GetAsync("/api/v1/users/me/export", owner)).ReadJsonAsync();
        Assert.Empty(ownersExport.GetProperty("contentSeen").EnumerateArray());
        Assert.DoesNotContain(viewer.Username, await (await Posts.GetAsync("/api/v1/users/me/insights", owner)).Content.ReadAsStringAsync());
    }

    /// <summary>As the visitor's profile visits: the look stays, the owner unnamed while a block stands either way.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_viewers_export_names_no_owner_across_a_block_either_way(bool ownerBlocks)
    {
        var (owner, viewer) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        await SeenAsync(Posts, viewer, await Posts.PostIdAsync(owner));
        if (ownerBlocks) await Posts.BlockAsync(owner, viewer); else await Posts.BlockAsync(viewer, owner);

        var seen = (await (await Posts.GetAsync("/api/v1/users/me/export", viewer)).ReadJsonAsync()).GetProperty("contentSeen");
        var row = Assert.Single(seen.EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row.GetProperty("username").ValueKind);
        Assert.Equal(DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"), row.GetProperty("lastDay").GetString());
    }
}
