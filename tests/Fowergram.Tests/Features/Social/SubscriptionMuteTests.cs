using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// The bell and mutes (docs/social-graph.md "Notifications from accounts you follow"): muting an account's posts silences its
/// new_post, new_reel and new_video notices, muting its stories its new_story notices, as the feed, the reels and videos tabs and
/// the tray read those mutes; checked at delivery, so an unmute brings back the notices of what comes after it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SubscriptionMuteTests(FowergramApp app)
{
    private static readonly object Everything = new { posts = true, stories = true, reels = true, videos = true };

    private readonly PostsClient _posts = new(app);
    private readonly ReelsClient _reels = new(app);
    private readonly VideosClient _videos = new(app);
    private readonly StoryClient _stories = new(app);

    private async Task<TestUser> SubscriberAsync(TestUser author)
    {
        var follower = await _posts.NewUserAsync();
        await _posts.FollowAsync(follower, author);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{author.Username}/notifications", follower, Everything)).ReadJsonAsync();
        return follower;
    }

    private async Task MuteAsync(TestUser muter, TestUser author, bool posts, bool stories) =>
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{author.Username}/mute", muter, new { posts, stories })).ReadJsonAsync();

    private Task<long> NoticesAsync(TestUser recipient, string type, Guid entityId) => _posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @recipient AND type = @type AND entity_id = @entityId",
        new { recipient = recipient.Id, type, entityId });

    /// <summary>A post, a reel, a published video and a public story of the author, each delivered.</summary>
    private async Task<(Guid Post, Guid Reel, Guid Video, Guid Story)> ShareAllAsync(TestUser author)
    {
        var post = await _posts.PostIdAsync(author, "news");
        var reel = await _reels.ReelIdAsync(author, "spin");
        var video = await _videos.VideoIdAsync(author, "Longer");
        var (story, _) = await _stories.CreateStoryAsync(new Person(author.Id, author.Username));
        await new EntityEvents(app, "postId").SettleAsync(post);
        await new EntityEvents(app, "reelId").SettleAsync(reel);
        await new EntityEvents(app, "videoId").SettleAsync(video);
        await new EntityEvents(app, "storyId").SettleAsync(story);
        return (post, reel, video, story);
    }

    private async Task<long[]> HeardAsync(TestUser recipient, (Guid Post, Guid Reel, Guid Video, Guid Story) things) =>
    [
        await NoticesAsync(recipient, "new_post", things.Post), await NoticesAsync(recipient, "new_reel", things.Reel),
        await NoticesAsync(recipient, "new_video", things.Video), await NoticesAsync(recipient, "new_story", things.Story),
    ];

    [Fact]
    public async Task Muting_posts_silences_new_posts_reels_and_videos_but_not_stories_and_an_unmute_brings_later_ones_back()
    {
        var author = await _posts.NewUserAsync();
        var muter = await SubscriberAsync(author);
        var other = await SubscriberAsync(author);
        await MuteAsync(muter, author, posts: true, stories: false);

        var whileMuted = await ShareAllAsync(author);
        Assert.Equal(new[] { 0L, 0L, 0L, 1L }, await HeardAsync(muter, whileMuted));
        Assert.Equal(new[] { 1L, 1L, 1L, 1L }, await HeardAsync(other, whileMuted));

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{author.Username}/mute", muter)).EnsureNoContentAsync();
        var afterUnmute = await ShareAllAsync(author);
        Assert.Equal(new[] { 1L, 1L, 1L, 1L }, await HeardAsync(muter, afterUnmute));
        Assert.Equal(new[] { 0L, 0L, 0L, 1L }, await HeardAsync(muter, whileMuted)); // what went by while muted stays unannounced
        Assert.Equal(new[] { 1L, 1L, 1L, 1L }, await HeardAsync(other, afterUnmute));
    }

    [Fact]
    public async Task Muting_stories_silences_new_stories_only_and_muting_both_silences_everything()
    {
        var author = await _posts.NewUserAsync();
        var storiesMuter = await SubscriberAsync(author);
        var bothMuter = await SubscriberAsync(author);
        var other = await SubscriberAsync(author);
        await MuteAsync(storiesMuter, author, posts: false, stories: true);
        await MuteAsync(bothMuter, author, posts: true, stories: true);

        var things = await ShareAllAsync(author);

        Assert.Equal(new[] { 1L, 1L, 1L, 0L }, await HeardAsync(storiesMuter, things));
        Assert.Equal(new[] { 0L, 0L, 0L, 0L }, await HeardAsync(bothMuter, things));
        Assert.Equal(new[] { 1L, 1L, 1L, 1L }, await HeardAsync(other, things));

        await MuteAsync(storiesMuter, author, posts: true, stories: false); // a changed mute applies to what comes next
        var later = await ShareAllAsync(author);
        Assert.Equal(new[] { 0L, 0L, 0L, 1L }, await HeardAsync(storiesMuter, later));
    }
}
