using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// GET /reels/trending ranks the window's reels by engagement and shows each caller only what they may see. The list is
/// global and other tests' reels are in it, so each test lifts its own reels above every other (stats set directly; the
/// counters are reel-counters' business, tested elsewhere) and compares the order of its own reels only.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelTrendingTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private async Task ScoreAsync(Guid reelId, long likes, long comments, long plays) =>
        await _reels.Posts.ExecuteAsync("""
            UPDATE reel_stats SET like_count = (SELECT coalesce(max(like_count), 0) FROM reel_stats) + 1000000 + @likes,
                                  comment_count = @comments, play_count = @plays
            WHERE reel_id = @reelId
            """, new { reelId, likes, comments, plays });

    private async Task<List<Guid>> TrendingAsync(TestUser? viewer, params Guid[] among)
    {
        var response = await _reels.GetAsync("/api/v1/reels/trending?limit=50", viewer);
        var ids = (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        return ids.Where(among.Contains).ToList();
    }

    [Fact]
    public async Task Reels_rank_by_likes_comments_and_plays_and_deleted_or_old_ones_drop_out()
    {
        var author = await _reels.NewUserAsync();
        var (quiet, liked, discussed, old, deleted) = (await _reels.ReelIdAsync(author), await _reels.ReelIdAsync(author),
            await _reels.ReelIdAsync(author), await _reels.ReelIdAsync(author), await _reels.ReelIdAsync(author));
        await _reels.SettleAsync(quiet, liked, discussed, old, deleted);
        // Lifted in this order, each above all before it; the comments and plays then decide between equals.
        await ScoreAsync(quiet, 0, 0, 0);
        await ScoreAsync(liked, 0, 0, 0);
        await ScoreAsync(discussed, 0, 0, 0);
        await _reels.Posts.ExecuteAsync("UPDATE reel_stats SET like_count = (SELECT like_count FROM reel_stats WHERE reel_id = @liked) WHERE reel_id = @quiet",
            new { liked, quiet });
        await _reels.Posts.ExecuteAsync("UPDATE reel_stats SET play_count = 20 WHERE reel_id = @liked", new { liked }); // +2
        await _reels.Posts.ExecuteAsync(
            "UPDATE reel_stats SET like_count = (SELECT like_count FROM reel_stats WHERE reel_id = @liked), comment_count = 2 WHERE reel_id = @discussed",
            new { liked, discussed }); // +4
        await ScoreAsync(old, 5, 0, 0);
        await ScoreAsync(deleted, 6, 0, 0);
        await _reels.Posts.ExecuteAsync("UPDATE reels SET created_at = created_at - interval '8 days' WHERE id = @old", new { old });
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{deleted}", author)).EnsureNoContentAsync();

        Assert.Equal([discussed, liked, quiet], await TrendingAsync(null, quiet, liked, discussed, old, deleted));
        var first = (await (await _reels.GetAsync("/api/v1/reels/trending?limit=1", null)).ReadJsonAsync()).GetProperty("items");
        Assert.Equal(discussed, Assert.Single(first.EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_private_or_blocking_accounts_reels_trend_only_for_those_who_may_see_them()
    {
        var hidden = await _reels.NewUserAsync(isPrivate: true);
        var open = await _reels.NewUserAsync();
        var (secret, shown) = (await _reels.ReelIdAsync(hidden), await _reels.ReelIdAsync(open));
        await _reels.SettleAsync(secret, shown);
        await ScoreAsync(shown, 0, 0, 0);
        await ScoreAsync(secret, 1, 0, 0);
        var follower = await _reels.NewUserAsync();
        await _reels.Posts.FollowAsync(follower, hidden);
        var (stranger, blocked) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await _reels.Posts.BlockAsync(open, blocked);

        Assert.Equal([shown], await TrendingAsync(null, secret, shown));
        Assert.Equal([shown], await TrendingAsync(stranger, secret, shown));
        Assert.Equal([secret, shown], await TrendingAsync(follower, secret, shown));
        Assert.Equal([secret, shown], await TrendingAsync(hidden, secret, shown));
        Assert.Empty(await TrendingAsync(blocked, secret, shown));
        var forFollower = await (await _reels.GetAsync("/api/v1/reels/trending?limit=50", follower)).ReadJsonAsync();
        var item = forFollower.GetProperty("items").EnumerateArray().First(r => r.GetProperty("id").GetGuid() == secret);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(item.GetProperty("video").GetProperty("url").GetString())).StatusCode);
    }

    [Fact]
    public async Task A_reel_reported_by_enough_accounts_leaves_trending_until_the_reports_are_closed()
    {
        var author = await _reels.NewUserAsync();
        var reel = await _reels.ReelIdAsync(author);
        await _reels.SettleAsync(reel);
        await ScoreAsync(reel, 0, 0, 0);
        var viewer = await _reels.NewUserAsync();
        Assert.Equal([reel], await TrendingAsync(viewer, reel));

        var reports = await Moderation.ReviewLimitTests.ReportAsync(_reels.Posts, "reel", reel, Fowergram.Platform.Moderation.ReviewLimit.Reports);
        Assert.Empty(await TrendingAsync(viewer, reel));

        await Moderation.ReviewLimitTests.DismissAsync(_reels.Posts, reports);
        Assert.Equal([reel], await TrendingAsync(viewer, reel));
    }

    [Fact]
    public async Task A_callers_mutes_and_not_interested_marks_hold_in_trending_and_a_guest_sees_every_reel()
    {
        var (viewer, muted, hidden, other) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync(),
            await _reels.NewUserAsync());
        var (ofMuted, ofHidden, dismissed, kept) = (await _reels.ReelIdAsync(muted), await _reels.ReelIdAsync(hidden),
            await _reels.ReelIdAsync(other), await _reels.ReelIdAsync(other));
        await _reels.SettleAsync(ofMuted, ofHidden, dismissed, kept);
        foreach (var reel in new[] { ofMuted, ofHidden, dismissed, kept }) await ScoreAsync(reel, 0, 0, 0);
        var all = new[] { kept, dismissed, ofHidden, ofMuted };
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/users/{muted.Username}/mute", viewer, new { posts = true, stories = false }))
            .ReadJsonAsync(HttpStatusCode.OK);
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/users/{hidden.Username}/not-interested", viewer)).EnsureNoContentAsync();
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{dismissed}/not-interested", viewer)).EnsureNoContentAsync();

        Assert.Equal([kept], await TrendingAsync(viewer, all));
        Assert.Equal(all, await TrendingAsync(null, all));
    }
}
