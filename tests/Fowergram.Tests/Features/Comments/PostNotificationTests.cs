using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>The post-notifications consumer: like, comment, reply, mention, comment_like; never to oneself, never across a block.</summary>
[Collection(ApiCollection.Name)]
public sealed class PostNotificationTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<long> NoticesAsync(TestUser recipient, string type, Guid? actor = null) => _posts.ScalarAsync<long>("""
        SELECT count(*) FROM notifications WHERE user_id = @recipient AND type = @type AND (@actor::uuid IS NULL OR actor_id = @actor)
        """, new { recipient = recipient.Id, type, actor });

    [Fact]
    public async Task Likes_comments_replies_mentions_and_comment_likes_notify_the_right_people()
    {
        var author = await _posts.NewUserAsync();
        var alice = await _posts.NewUserAsync();
        var bob = await _posts.NewUserAsync();
        var carol = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author, $"with @{carol.Username}");

        await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", alice);
        var top = await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", alice, new { content = "nice" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var topId = top.GetProperty("id").GetGuid();
        await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", bob, new { content = $"@{carol.Username} see", parentId = topId });
        await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/comments/{topId}/like", bob);
        await _posts.SettleAsync(postId);

        Assert.Equal(1L, await NoticesAsync(author, "like", alice.Id));
        Assert.Equal(1L, await NoticesAsync(author, "comment", alice.Id));
        Assert.Equal(1L, await NoticesAsync(author, "comment", bob.Id)); // the post's author hears of replies too
        Assert.Equal(1L, await NoticesAsync(alice, "reply", bob.Id));
        Assert.Equal(1L, await NoticesAsync(alice, "comment_like", bob.Id));
        Assert.Equal(2L, await NoticesAsync(carol, "mention")); // caption and comment
    }

    [Fact]
    public async Task Nobody_is_notified_of_their_own_actions()
    {
        var author = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author, $"me @{author.Username}");

        await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", author);
        await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", author, new { content = "self" });
        await _posts.SettleAsync(postId);

        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE user_id = @id", new { id = author.Id }));
    }

    [Fact]
    public async Task A_block_after_the_action_but_before_delivery_suppresses_the_notice()
    {
        var author = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var events = new EngagementEvents(app, _posts);
        var like = await events.LikeRowAsync(postId, author.Id, fan.Id);
        await _posts.BlockAsync(author, fan);

        await events.Runner.RunAsync(Fowergram.Features.Posts.PostNotificationsConsumer.ConsumerName, like, CancellationToken.None);

        Assert.Equal(0L, await NoticesAsync(author, "like"));
    }

    [Fact]
    public async Task Unliking_takes_the_like_notice_back_so_like_unlike_like_notifies_once()
    {
        var author = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var path = $"/api/v1/posts/{postId}/like";

        await _posts.SendAsync(HttpMethod.Put, path, fan);
        await _posts.SettleAsync(postId);
        await _posts.SendAsync(HttpMethod.Delete, path, fan);
        await _posts.SettleAsync(postId);
        var afterUnlike = await NoticesAsync(author, "like");
        await _posts.SendAsync(HttpMethod.Put, path, fan);
        await _posts.SettleAsync(postId);

        Assert.Equal(0L, afterUnlike);
        Assert.Equal(1L, await NoticesAsync(author, "like"));
    }
}
