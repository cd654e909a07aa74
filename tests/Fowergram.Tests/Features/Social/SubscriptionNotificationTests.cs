using System.Text.Json;
using Fowergram.Features.Social;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// subscription-notifications: new_post, new_story, new_reel and new_video to exactly the followers who turned that kind on
/// and may see the thing at delivery (docs/social-graph.md "Notifications from accounts you follow").
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SubscriptionNotificationTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private readonly ReelsClient _reels = new(app);
    private readonly VideosClient _videos = new(app);
    private readonly StoryClient _stories = new(app);

    /// <summary>A follower of <paramref name="author"/> with the given kinds on (through the route).</summary>
    private async Task<TestUser> SubscriberAsync(TestUser author, object flags)
    {
        var follower = await _posts.NewUserAsync();
        await _posts.FollowAsync(follower, author);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{author.Username}/notifications", follower, flags)).ReadJsonAsync();
        return follower;
    }

    private Task<long> NoticesAsync(TestUser recipient, string type, Guid entityId) => _posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @recipient AND type = @type AND entity_id = @entityId",
        new { recipient = recipient.Id, type, entityId });

    private Task<long> AnyNoticesAsync(Guid entityId) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE entity_id = @entityId AND type LIKE 'new\\_%'", new { entityId });

    private Task SettleAsync(string key, Guid id) => new EntityEvents(app, key).SettleAsync(id);

    [Fact]
    public async Task A_post_notifies_exactly_the_followers_with_posts_on_and_the_notice_reads_and_goes_with_the_post()
    {
        var author = await _posts.NewUserAsync();
        var wantsPosts = await SubscriberAsync(author, new { posts = true });
        var wantsStories = await SubscriberAsync(author, new { stories = true, reels = true });
        var plainFollower = await _posts.NewUserAsync();
        await _posts.FollowAsync(plainFollower, author);
        var blockedSince = await SubscriberAsync(author, new { posts = true });
        await _posts.BlockAsync(author, blockedSince); // a bare block row: the subscription stays, the delivery check must stop it
        var goneSince = await SubscriberAsync(author, new { posts = true });
        await _posts.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = goneSince.Id });

        var post = await _posts.PostIdAsync(author, "hello");
        await SettleAsync("postId", post);

        Assert.Equal(1L, await NoticesAsync(wantsPosts, "new_post", post));
        Assert.Equal(1L, await AnyNoticesAsync(post));
        var notice = (await (await _posts.GetAsync("/api/v1/notifications", wantsPosts)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("type").GetString() == "new_post");
        Assert.Equal($"{author.Username} shared a post.", notice.GetProperty("text").GetString());
        Assert.Equal(("post", post), (notice.GetProperty("entityType").GetString(), notice.GetProperty("entityId").GetGuid()));
        Assert.Equal(author.Id, notice.GetProperty("actor").GetProperty("id").GetGuid());

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}", author)).EnsureNoContentAsync();
        Assert.DoesNotContain((await (await _posts.GetAsync("/api/v1/notifications", wantsPosts)).ReadJsonAsync()).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("type").GetString() == "new_post");
        Assert.Equal(0L, await NoticesAsync(wantsStories, "new_post", post));
        Assert.Equal(0L, await NoticesAsync(plainFollower, "new_post", post));
        Assert.Equal(0L, await NoticesAsync(blockedSince, "new_post", post));
        Assert.Equal(0L, await NoticesAsync(goneSince, "new_post", post));
    }

    [Fact]
    public async Task A_private_accounts_post_reaches_its_subscribed_followers()
    {
        var author = await _posts.NewUserAsync(isPrivate: true);
        var follower = await SubscriberAsync(author, new { posts = true });
        var post = await _posts.PostIdAsync(author);
        await SettleAsync("postId", post);
        Assert.Equal(1L, await NoticesAsync(follower, "new_post", post));
        Assert.Equal(1L, await AnyNoticesAsync(post));
    }

    [Fact]
    public async Task A_reel_notifies_the_followers_with_reels_on()
    {
        var author = await _reels.NewUserAsync();
        var wantsReels = await SubscriberAsync(author, new { reels = true });
        var wantsPosts = await SubscriberAsync(author, new { posts = true, videos = true });

        var reel = await _reels.ReelIdAsync(author, "spin");
        await SettleAsync("reelId", reel);

        Assert.Equal(1L, await NoticesAsync(wantsReels, "new_reel", reel));
        Assert.Equal(0L, await NoticesAsync(wantsPosts, "new_reel", reel));
        Assert.Equal(1L, await AnyNoticesAsync(reel));
    }

    [Fact]
    public async Task A_video_notifies_when_it_is_published_not_when_a_draft_is_saved_and_only_once()
    {
        var author = await _videos.NewUserAsync();
        var wantsVideos = await SubscriberAsync(author, new { videos = true });
        var wantsReels = await SubscriberAsync(author, new { reels = true });

        var draft = await _videos.VideoIdAsync(author, "Rough cut", published: false);
        await SettleAsync("videoId", draft);
        Assert.Equal(0L, await AnyNoticesAsync(draft));

        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{draft}/publish", author)).ReadJsonAsync();
        await SettleAsync("videoId", draft);
        Assert.Equal(1L, await NoticesAsync(wantsVideos, "new_video", draft));
        Assert.Equal(0L, await NoticesAsync(wantsReels, "new_video", draft));

        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{draft}/unpublish", author)).ReadJsonAsync();
        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{draft}/publish", author)).ReadJsonAsync();
        await SettleAsync("videoId", draft);
        Assert.Equal(1L, await NoticesAsync(wantsVideos, "new_video", draft));

        var published = await _videos.VideoIdAsync(author, "Straight out");
        await SettleAsync("videoId", published);
        Assert.Equal(1L, await NoticesAsync(wantsVideos, "new_video", published));
        Assert.Equal(1L, await AnyNoticesAsync(published));
    }

    [Fact]
    public async Task A_close_friends_story_notifies_only_subscribed_close_friends_and_never_someone_it_is_hidden_from()
    {
        var author = await _posts.NewUserAsync();
        var friend = await SubscriberAsync(author, new { stories = true });
        var follower = await SubscriberAsync(author, new { stories = true });
        var hidden = await SubscriberAsync(author, new { stories = true });
        var friendWithoutStories = await SubscriberAsync(author, new { posts = true });
        foreach (var f in new[] { friend, friendWithoutStories, hidden }) await _stories.CloseFriendAsync(Person(author), Person(f));
        await _stories.HideStoriesFromAsync(Person(author), Person(hidden));

        var (closeFriendsStory, _) = await _stories.CreateStoryAsync(Person(author), "close_friends");
        await SettleAsync("storyId", closeFriendsStory);
        Assert.Equal(1L, await NoticesAsync(friend, "new_story", closeFriendsStory));
        Assert.Equal(1L, await AnyNoticesAsync(closeFriendsStory));

        var (publicStory, _) = await _stories.CreateStoryAsync(Person(author), "public");
        await SettleAsync("storyId", publicStory);
        Assert.Equal(1L, await NoticesAsync(friend, "new_story", publicStory));
        Assert.Equal(1L, await NoticesAsync(follower, "new_story", publicStory));
        Assert.Equal(2L, await AnyNoticesAsync(publicStory));
        var notice = (await (await _posts.GetAsync("/api/v1/notifications", follower)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("type").GetString() == "new_story");
        Assert.Equal($"{author.Username} added to their story.", notice.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Nothing_is_delivered_about_a_thing_gone_before_delivery_and_a_redelivery_adds_nothing()
    {
        var author = await _posts.NewUserAsync();
        var kept = await _posts.PostIdAsync(author);
        var deleted = await _posts.PostIdAsync(author);
        var archived = await _posts.PostIdAsync(author);
        await SettleAsync("postId", kept);
        await SettleAsync("postId", deleted);
        await SettleAsync("postId", archived);
        // Subscribed after the real events went by: only the hand-made deliveries below can notify.
        var subscriber = await SubscriberAsync(author, new { posts = true });
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{deleted}", author)).EnsureNoContentAsync();
        await _posts.ExecuteAsync("UPDATE posts SET is_archived = true WHERE id = @archived", new { archived });

        var runner = app.Services.GetRequiredService<ConsumerRunner>();
        foreach (var post in new[] { kept, deleted, archived })
        {
            var envelope = await InFlightAsync("post.created", author.Id, new { postId = post, authorId = author.Id, entityType = "post", entityId = post });
            Assert.Equal(ConsumeOutcome.Applied, await runner.RunAsync(SubscriptionNotificationsConsumer.ConsumerName, envelope, CancellationToken.None));
            Assert.Equal(ConsumeOutcome.AlreadyProcessed, await runner.RunAsync(SubscriptionNotificationsConsumer.ConsumerName, envelope, CancellationToken.None));
        }

        Assert.Equal(1L, await NoticesAsync(subscriber, "new_post", kept));
        Assert.Equal(0L, await AnyNoticesAsync(deleted));
        Assert.Equal(0L, await AnyNoticesAsync(archived));
    }

    private static Person Person(TestUser user) => new(user.Id, user.Username);

    /// <summary>An event written to the outbox as already published (no relay delivers it): <see cref="EngagementEvents"/>'s.</summary>
    private Task<EventEnvelope> InFlightAsync(string type, Guid actorId, object payload) =>
        new EngagementEvents(app, _posts).InFlightAsync(type, actorId, payload);
}
