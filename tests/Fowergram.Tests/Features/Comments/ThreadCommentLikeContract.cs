using System.Net;
using System.Text.Json;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// Likes of comments on reels and long-form videos (migration 0082; CommentThreadApi's like and unlike), the same for both
/// kinds: idempotent PUT/DELETE, an exact like_count through the kind's counters consumer under concurrency, likeCount and
/// isLiked in the comment lists, comment_like notices to the comment's author taken back on unlike, and 404 with no row
/// written wherever the thing or the comment is hidden from the caller.
/// </summary>
public abstract class ThreadCommentLikeContract(FowergramApp app)
{
    protected PostsClient Posts { get; } = new(app);

    /// <summary>The route segment: reels, videos.</summary>
    protected abstract string Kind { get; }

    /// <summary>The comments table (reel_comments, igtv_comments) and the notices' entity type (reel_comment, igtv_comment).</summary>
    protected abstract string CommentsTable { get; }
    protected abstract string LikesTable { get; }
    protected abstract string EntityType { get; }
    protected abstract string LikedEvent { get; }

    /// <summary>A fresh, visible thing of <paramref name="owner"/>'s.</summary>
    protected abstract Task<Guid> ThingAsync(TestUser owner);

    /// <summary>Every consumer has processed the events about the thing.</summary>
    protected abstract Task SettleAsync(Guid thingId);

    protected abstract Task<List<EventEnvelope>> EventsAsync(Guid thingId);

    private string Comments(Guid thingId) => $"/api/v1/{Kind}/{thingId}/comments";

    private async Task<Guid> CommentAsync(TestUser user, Guid thingId, string content, Guid? parentId = null)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return (await (await Posts.SendAsync(HttpMethod.Post, Comments(thingId), user, new { content, parentId }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private Task<HttpResponseMessage> LikeAsync(Guid thingId, Guid commentId, TestUser? user) =>
        Posts.SendAsync(HttpMethod.Put, $"{Comments(thingId)}/{commentId}/like", user);

    private Task<HttpResponseMessage> UnlikeAsync(Guid thingId, Guid commentId, TestUser? user) =>
        Posts.SendAsync(HttpMethod.Delete, $"{Comments(thingId)}/{commentId}/like", user);

    private Task<long> LikeCountAsync(Guid commentId) =>
        Posts.ScalarAsync<long>($"SELECT like_count FROM {CommentsTable} WHERE id = @commentId", new { commentId });

    private Task<long> LikeRowsAsync(params Guid[] commentIds) =>
        Posts.ScalarAsync<long>($"SELECT count(*) FROM {LikesTable} WHERE comment_id = ANY(@commentIds)", new { commentIds });

    private Task<long> NoticesAsync(Guid recipient, Guid actor, Guid commentId) => Posts.ScalarAsync<long>("""
        SELECT count(*) FROM notifications
        WHERE user_id = @recipient AND actor_id = @actor AND type = 'comment_like' AND entity_type = @entityType AND entity_id = @commentId
        """, new { recipient, actor, commentId, entityType = EntityType });

    private static JsonElement Item(JsonElement page, Guid id) =>
        page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);

    [Fact]
    public async Task Forty_accounts_liking_a_comment_at_once_make_forty_likes_and_the_lists_say_so()
    {
        var owner = await Posts.NewUserAsync();
        var writer = await Posts.NewUserAsync();
        var thingId = await ThingAsync(owner);
        var comment = await CommentAsync(writer, thingId, "First!");
        var reply = await CommentAsync(owner, thingId, "Thanks", comment);
        var likers = new List<TestUser>();
        for (var i = 0; i < 40; i++) likers.Add(await Posts.NewUserAsync());

        var answers = await Task.WhenAll(likers.Select(l => LikeAsync(thingId, comment, l)).Append(LikeAsync(thingId, reply, writer)));
        await SettleAsync(thingId);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a.StatusCode));
        Assert.Equal((40L, 40L), (await LikeCountAsync(comment), await LikeRowsAsync(comment)));
        var asLiker = Item(await (await Posts.GetAsync(Comments(thingId), likers[0])).ReadJsonAsync(), comment);
        Assert.Equal((40, true), (asLiker.GetProperty("likeCount").GetInt32(), asLiker.GetProperty("isLiked").GetBoolean()));
        var asGuest = Item(await (await Posts.GetAsync(Comments(thingId), null)).ReadJsonAsync(), comment);
        Assert.Equal((40, false), (asGuest.GetProperty("likeCount").GetInt32(), asGuest.GetProperty("isLiked").GetBoolean()));
        var replyAsWriter = Item(await (await Posts.GetAsync($"{Comments(thingId)}/{comment}/replies", writer)).ReadJsonAsync(), reply);
        Assert.Equal((1, true), (replyAsWriter.GetProperty("likeCount").GetInt32(), replyAsWriter.GetProperty("isLiked").GetBoolean()));
    }

    [Fact]
    public async Task One_account_liking_twenty_times_at_once_is_one_like_one_event_and_one_notice()
    {
        var owner = await Posts.NewUserAsync();
        var writer = await Posts.NewUserAsync();
        var fan = await Posts.NewUserAsync();
        var thingId = await ThingAsync(owner);
        var comment = await CommentAsync(writer, thingId, "Look at this");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => LikeAsync(thingId, comment, fan)));
        await SettleAsync(thingId);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a.StatusCode));
        Assert.Equal((1L, 1L), (await LikeCountAsync(comment), await LikeRowsAsync(comment)));
        Assert.Single(await EventsAsync(thingId), e => e.Type == LikedEvent);
        Assert.Equal(1L, await NoticesAsync(writer.Id, fan.Id, comment));
        var notice = (await (await Posts.GetAsync("/api/v1/notifications", writer)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Single(n => n.GetProperty("type").GetString() == "comment_like");
        Assert.Equal($"{fan.Username} liked your comment.", notice.GetProperty("text").GetString());
        Assert.Equal((EntityType, comment), (notice.GetProperty("entityType").GetString(), notice.GetProperty("entityId").GetGuid()));
    }

    [Fact]
    public async Task Unlike_takes_the_like_and_its_notice_back_and_like_unlike_like_notifies_once()
    {
        var owner = await Posts.NewUserAsync();
        var writer = await Posts.NewUserAsync();
        var fan = await Posts.NewUserAsync();
        var thingId = await ThingAsync(owner);
        var comment = await CommentAsync(writer, thingId, "Hot take");

        await (await LikeAsync(thingId, comment, fan)).EnsureNoContentAsync();
        await SettleAsync(thingId);
        Assert.Equal((1L, 1L), (await LikeCountAsync(comment), await NoticesAsync(writer.Id, fan.Id, comment)));
        await (await UnlikeAsync(thingId, comment, fan)).EnsureNoContentAsync();
        await (await UnlikeAsync(thingId, comment, fan)).EnsureNoContentAsync(); // idempotent
        await SettleAsync(thingId);
        Assert.Equal((0L, 0L), (await LikeCountAsync(comment), await NoticesAsync(writer.Id, fan.Id, comment)));

        await (await LikeAsync(thingId, comment, fan)).EnsureNoContentAsync();
        await (await LikeAsync(thingId, comment, writer)).EnsureNoContentAsync(); // one's own comment: counted, no notice
        await SettleAsync(thingId);
        Assert.Equal((2L, 1L), (await LikeCountAsync(comment), await NoticesAsync(writer.Id, fan.Id, comment)));
        Assert.Equal(0L, await NoticesAsync(writer.Id, writer.Id, comment));

        // A deleted comment takes its notices out of the list (the entity is the comment), and can no longer be liked.
        await (await Posts.SendAsync(HttpMethod.Delete, $"{Comments(thingId)}/{comment}", owner)).EnsureNoContentAsync();
        var items = (await (await Posts.GetAsync("/api/v1/notifications", writer)).ReadJsonAsync()).GetProperty("items").EnumerateArray();
        Assert.DoesNotContain(items, n => n.GetProperty("type").GetString() == "comment_like");
        await (await LikeAsync(thingId, comment, owner)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_hidden_thing_or_comment_cannot_be_liked_and_nothing_is_written()
    {
        var owner = await Posts.NewUserAsync(isPrivate: true);
        var follower = await Posts.NewUserAsync();
        await Posts.FollowAsync(follower, owner);
        var stranger = await Posts.NewUserAsync();
        var hidden = await ThingAsync(owner);
        var comment = await CommentAsync(follower, hidden, "Members only");
        var open = await ThingAsync(await Posts.NewUserAsync());
        var blocker = await Posts.NewUserAsync();
        var blockersComment = await CommentAsync(blocker, open, "Not for you");
        await Posts.BlockAsync(blocker, stranger);

        foreach (var (thingId, commentId) in new[] { (hidden, comment), (open, blockersComment), (open, comment), (open, Guid.NewGuid()), (Guid.NewGuid(), comment) })
        {
            await (await LikeAsync(thingId, commentId, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await UnlikeAsync(thingId, commentId, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/{Kind}/{open}/comments/not-an-id/like", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await LikeAsync(hidden, comment, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await LikeRowsAsync(comment, blockersComment));

        // The follower sees the private account's thing, so may like a comment on it.
        await (await LikeAsync(hidden, comment, follower)).EnsureNoContentAsync();
        Assert.Equal(1L, await LikeRowsAsync(comment));
    }
}
