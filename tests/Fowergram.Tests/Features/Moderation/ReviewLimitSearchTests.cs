using System.Net;
using Fowergram.Platform.Moderation;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Shopping;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// "Limited while in review" (docs/moderation.md) for long-form videos, products and broadcast channels in keyword search:
/// with <see cref="ReviewLimit.Reports"/> open reports one leaves the results of everyone but its owner (and, for a channel,
/// the owner's followers, co-hosts and members) until the reports are closed, in both orders; its link is unchanged, and the
/// moderators' queue marks it. Suggested and trending channels are covered in their own (scratch-database) test classes.
/// Every test searches a word of its own, so other tests' targets never match.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReviewLimitSearchTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);
    private readonly ShopClient _shop = new(app);
    private readonly ChannelClient _channels = new(app);
    private PostsClient Posts => _videos.Posts;

    private static string Word() => "rl" + Guid.NewGuid().ToString("N")[..10];

    private async Task<List<Guid>> SearchAsync(string kind, string word, TestUser? caller, string sort) =>
        VideosClient.Ids(await (await Posts.GetAsync($"/api/v1/search/{kind}?q={word}&sort={sort}", caller)).ReadJsonAsync());

    /// <summary>What <paramref name="caller"/> finds of <paramref name="target"/> searching <paramref name="word"/>, newest first and by relevance alike.</summary>
    private async Task<bool> FindsAsync(string kind, string word, TestUser? caller, Guid target)
    {
        var (recent, relevant) = (await SearchAsync(kind, word, caller, "recent"), await SearchAsync(kind, word, caller, "relevant"));
        Assert.Equal(recent.Contains(target), relevant.Contains(target)); // both orders apply the same rule
        return recent.Contains(target);
    }

    private async Task<bool> LimitedInQueueAsync(TestUser moderator, Guid report) =>
        (await (await Posts.GetAsync($"/api/v1/moderation/reports/{report}", moderator)).ReadJsonAsync()).GetProperty("targetLimited").GetBoolean();

    /// <summary>
    /// The whole rule for one target found by <paramref name="word"/>: one report short it is found by a stranger; limited, a
    /// stranger (and <paramref name="guestsSearch"/>: a guest) no longer finds it while <paramref name="unaffected"/> still
    /// do, the queue marks it and lists it under ?limited=true; dismissed, a stranger finds it again.
    /// </summary>
    private async Task AssertLimitedInSearchAsync(string kind, string targetType, Guid target, string word, bool guestsSearch,
        params TestUser[] unaffected)
    {
        var stranger = await Posts.NewUserAsync();
        var moderator = await Posts.ModeratorAsync();
        var first = await ReviewLimitTests.ReportAsync(Posts, targetType, target, ReviewLimit.Reports - 1);
        Assert.True(await FindsAsync(kind, word, stranger, target)); // one report short: still found
        Assert.False(await LimitedInQueueAsync(moderator, first[0]));

        var last = await ReviewLimitTests.ReportAsync(Posts, targetType, target, 1);
        Assert.False(await FindsAsync(kind, word, stranger, target));
        if (guestsSearch) Assert.False(await FindsAsync(kind, word, null, target));
        foreach (var user in unaffected) Assert.True(await FindsAsync(kind, word, user, target));
        Assert.True(await LimitedInQueueAsync(moderator, first[0]));
        var limited = (await Posts.WholeQueueAsync($"/api/v1/moderation/reports?type={targetType}&limited=true", moderator))
            .Select(r => r.GetProperty("id").GetGuid()).ToList();
        Assert.Superset(first.Concat(last).ToHashSet(), limited.ToHashSet());

        await ReviewLimitTests.DismissAsync(Posts, first.Concat(last));
        Assert.True(await FindsAsync(kind, word, stranger, target));
    }

    [Fact]
    public async Task A_reported_video_leaves_keyword_search_but_its_owners_until_the_reports_are_closed()
    {
        var word = Word();
        var (owner, follower) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        await Posts.FollowAsync(follower, owner);
        var video = await _videos.VideoIdAsync(owner, $"{word} tutorial");
        await AssertLimitedInSearchAsync("videos", "igtv_video", video, word, guestsSearch: true, owner);

        await ReviewLimitTests.ReportAsync(Posts, "igtv_video", video, ReviewLimit.Reports);
        Assert.False(await FindsAsync("videos", word, follower, video)); // search is a recommendation: its owner's alone, as for posts
        // Nothing else changes: the video by its link, the owner's channel, the followers' following tab.
        (await Posts.GetAsync($"/api/v1/videos/{video}", null)).EnsureSuccessStatusCode();
        Assert.Contains(video, VideosClient.Ids(await (await Posts.GetAsync($"/api/v1/users/{owner.Username}/videos", null)).ReadJsonAsync()));
        Assert.Contains(video, VideosClient.Ids(await (await Posts.GetAsync("/api/v1/videos/following", follower)).ReadJsonAsync()));
    }

    [Fact]
    public async Task A_reported_product_leaves_keyword_search_but_its_sellers_until_the_reports_are_closed()
    {
        var word = Word();
        var seller = await _shop.SellerAsync();
        var product = await _shop.ProductIdAsync(seller, $"{word} mug");
        await AssertLimitedInSearchAsync("products", "product", product, word, guestsSearch: true, seller);

        await ReviewLimitTests.ReportAsync(Posts, "product", product, ReviewLimit.Reports);
        // Nothing else changes: the product by its link, the seller's shop.
        (await Posts.GetAsync($"/api/v1/products/{product}", null)).EnsureSuccessStatusCode();
        Assert.Contains(product, ShopClient.Ids(await (await Posts.GetAsync($"/api/v1/users/{seller.Username}/products", null)).ReadJsonAsync()));
    }

    [Fact]
    public async Task A_reported_channel_leaves_keyword_search_but_its_owners_followers_cohosts_and_members_until_the_reports_are_closed()
    {
        var word = Word();
        var (owner, follower, member) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        await Posts.FollowAsync(follower, owner);
        var channel = (await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/channels", owner, new { name = $"{word} drops" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await _channels.JoinAsync(member, channel)).EnsureNoContentAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        await AssertLimitedInSearchAsync("channels", "broadcast_channel", channel, word, guestsSearch: false, owner, follower, member, cohost);

        await ReviewLimitTests.ReportAsync(Posts, "broadcast_channel", channel, ReviewLimit.Reports);
        // Nothing else changes: a stranger opens the channel by its link and may join it.
        var stranger = await Posts.NewUserAsync();
        (await Posts.GetAsync($"/api/v1/channels/{channel}", stranger)).EnsureSuccessStatusCode();
        await (await _channels.JoinAsync(stranger, channel)).EnsureNoContentAsync();
        Assert.True(await FindsAsync("channels", word, stranger, channel)); // now a member: theirs to find
    }
}
