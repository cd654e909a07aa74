using System.Net;
using Fowergram.Platform.Moderation;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// "Limited while in review" (docs/moderation.md): a post or reel with <see cref="ReviewLimit.Reports"/> open reports leaves
/// the hashtag pages of everyone but its author until the reports are closed; its followers, its profile and its link are
/// unchanged. Explore, the reels tab, trending reels, suggested and trending channels are covered in their own
/// (scratch-database) test classes, keyword search of videos, products and channels in ReviewLimitSearchTests.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReviewLimitTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private readonly ReelsClient _reels = new(app);

    /// <summary>Reports by <paramref name="count"/> new accounts; answers the report ids.</summary>
    internal static async Task<List<Guid>> ReportAsync(PostsClient posts, string targetType, Guid targetId, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
            ids.Add((await (await posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await posts.NewUserAsync(),
                new { targetType, targetId, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        return ids;
    }

    internal static async Task DismissAsync(PostsClient posts, IEnumerable<Guid> reports)
    {
        var moderator = await posts.ModeratorAsync();
        foreach (var report in reports)
            (await posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", moderator, new { outcome = "dismissed" }))
                .EnsureSuccessStatusCode();
    }

    /// <summary>
    /// A channel list that offers channels to join (suggested, trending; <paramref name="listed"/>: the list as one account
    /// sees it, narrowed to <paramref name="channel"/>): one report short it is offered to a stranger; limited, to the
    /// owner's followers only, while its link still opens; dismissed, to the stranger again.
    /// </summary>
    internal static async Task AssertOfferedOnlyToFollowersWhileLimitedAsync(PostsClient posts, TestUser owner, Guid channel,
        Func<TestUser, Task<List<Guid>>> listed)
    {
        var (stranger, follower) = (await posts.NewUserAsync(), await posts.NewUserAsync());
        await posts.FollowAsync(follower, owner);
        var first = await ReportAsync(posts, "broadcast_channel", channel, ReviewLimit.Reports - 1);
        Assert.Equal([channel], await listed(stranger)); // one report short: still offered

        var last = await ReportAsync(posts, "broadcast_channel", channel, 1);
        Assert.Empty(await listed(stranger));
        Assert.Equal([channel], await listed(follower)); // who chose its owner is not affected
        (await posts.GetAsync($"/api/v1/channels/{channel}", stranger)).EnsureSuccessStatusCode(); // nor is its link

        await DismissAsync(posts, first.Concat(last));
        Assert.Equal([channel], await listed(stranger));
    }

    /// <summary>The page's items; none when the tag answers as unknown (its only use limited: HashtagPrivateUseTests).</summary>
    private async Task<List<Guid>> TagPageAsync(string path, TestUser? viewer)
    {
        var response = await _posts.GetAsync(path, viewer);
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        var body = await response.ReadJsonAsync();
        return body.TryGetProperty("posts", out var posts)
            ? posts.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList()
            : body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
    }

    private async Task<bool> LimitedInQueueAsync(TestUser moderator, Guid report) =>
        (await _posts.WholeQueueAsync("/api/v1/moderation/reports", moderator)).Single(r => r.GetProperty("id").GetGuid() == report)
            .GetProperty("targetLimited").GetBoolean();

    [Fact]
    public async Task A_post_reported_by_enough_accounts_leaves_its_hashtag_page_until_the_reports_are_closed()
    {
        var tag = "review" + Guid.NewGuid().ToString("N")[..10];
        var (author, stranger, follower) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, author);
        var post = await _posts.PostIdAsync(author, $"#{tag}");
        var page = $"/api/v1/hashtags/{tag}";

        var first = await ReportAsync(_posts, "post", post, ReviewLimit.Reports - 1);
        Assert.Equal([post], await TagPageAsync(page, stranger)); // one report short: still shown
        var moderator = await _posts.ModeratorAsync();
        Assert.False(await LimitedInQueueAsync(moderator, first[0]));
        var last = await ReportAsync(_posts, "post", post, 1);
        // The moderators see it: on one report and in the queue.
        Assert.True(await LimitedInQueueAsync(moderator, first[0]));
        Assert.True((await (await _posts.GetAsync($"/api/v1/moderation/reports/{last[0]}", moderator)).ReadJsonAsync()).GetProperty("targetLimited").GetBoolean());

        Assert.Empty(await TagPageAsync(page, stranger));
        Assert.Empty(await TagPageAsync(page, null));
        Assert.Equal([post], await TagPageAsync(page, author)); // its author does not see a difference
        // Nothing else changes: the post itself, the author's grid.
        (await _posts.GetAsync($"/api/v1/posts/{post}", stranger)).EnsureSuccessStatusCode();
        Assert.Contains(post, (await (await _posts.GetAsync($"/api/v1/users/{author.Username}/posts", stranger)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));

        await DismissAsync(_posts, first.Concat(last));
        Assert.Equal([post], await TagPageAsync(page, stranger));
    }

    [Fact]
    public async Task A_reported_reel_leaves_its_hashtags_reels_until_the_reports_are_closed()
    {
        var tag = "reviewreel" + Guid.NewGuid().ToString("N")[..8];
        var (author, stranger) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author, $"#{tag}");
        var page = $"/api/v1/hashtags/{tag}/reels";
        Assert.Equal([reel], await TagPageAsync(page, stranger));

        var reports = await ReportAsync(_posts, "reel", reel, ReviewLimit.Reports);
        Assert.Empty(await TagPageAsync(page, stranger));
        Assert.Equal([reel], await TagPageAsync(page, author));
        (await _posts.GetAsync($"/api/v1/reels/{reel}", stranger)).EnsureSuccessStatusCode();

        await DismissAsync(_posts, reports);
        Assert.Equal([reel], await TagPageAsync(page, stranger));
    }

    /// <summary>A sound's page recommends its reels to whoever opens it, as a hashtag's does: the same limit, the author's own kept.</summary>
    [Fact]
    public async Task A_reported_reel_leaves_its_sounds_page_until_the_reports_are_closed()
    {
        var (author, follower, stranger) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, author);
        var audio = await _reels.AudioTrackAsync();
        var reel = await _reels.ReelIdAsync(author, audioTrackId: audio);
        Assert.Equal([reel], await SoundPageAsync(audio, stranger));

        var reports = await ReportAsync(_posts, "reel", reel, ReviewLimit.Reports);
        Assert.Empty(await SoundPageAsync(audio, stranger));
        Assert.Empty(await SoundPageAsync(audio, null));
        Assert.Empty(await SoundPageAsync(audio, follower));
        Assert.Equal([reel], await SoundPageAsync(audio, author));
        (await _posts.GetAsync($"/api/v1/reels/{reel}", stranger)).EnsureSuccessStatusCode();

        await DismissAsync(_posts, reports);
        Assert.Equal([reel], await SoundPageAsync(audio, stranger));
    }

    private async Task<List<Guid>> SoundPageAsync(Guid audio, TestUser? viewer) =>
        (await (await _posts.GetAsync($"/api/v1/audio/{audio}/reels", viewer)).ReadJsonAsync()).GetProperty("reels").GetProperty("items")
            .EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task Moderators_can_ask_for_the_limited_targets_reports_only()
    {
        var author = await _posts.NewUserAsync();
        var (limited, reportedOnce) = (await _posts.PostIdAsync(author, "many reports"), await _posts.PostIdAsync(author, "one report"));
        var limitedReports = await ReportAsync(_posts, "post", limited, ReviewLimit.Reports);
        var single = await ReportAsync(_posts, "post", reportedOnce, 1);
        var moderator = await _posts.ModeratorAsync();

        var ids = (await _posts.WholeQueueAsync("/api/v1/moderation/reports?limited=true", moderator)).Select(r => r.GetProperty("id").GetGuid()).ToList();
        Assert.Superset(limitedReports.ToHashSet(), ids.ToHashSet());
        Assert.DoesNotContain(single[0], ids);
        Assert.All(await _posts.WholeQueueAsync("/api/v1/moderation/reports?limited=true", moderator), r => Assert.True(r.GetProperty("targetLimited").GetBoolean()));
        await (await _posts.GetAsync("/api/v1/moderation/reports?limited=maybe", moderator)).AssertValidationErrorAsync("limited");
    }
}
