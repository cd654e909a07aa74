using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>reel_like, reel_comment and reply notices through reel-notifications, read back from GET /notifications.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReelNotificationTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private async Task<List<JsonElement>> InboxAsync(TestUser user) =>
        (await (await _reels.GetAsync("/api/v1/notifications", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task A_like_notifies_the_author_once_and_an_unlike_takes_it_back()
    {
        var author = await _reels.NewUserAsync();
        var fan = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(author);
        var like = $"/api/v1/reels/{reelId}/like";

        await _reels.SendAsync(HttpMethod.Put, like, fan);
        await _reels.SendAsync(HttpMethod.Put, like, author); // not to oneself
        await _reels.SettleAsync(reelId);
        var notice = Assert.Single(await InboxAsync(author));
        Assert.Equal(("reel_like", "reel", reelId, fan.Id), (notice.GetProperty("type").GetString(), notice.GetProperty("entityType").GetString(),
            notice.GetProperty("entityId").GetGuid(), notice.GetProperty("actor").GetProperty("id").GetGuid()));
        Assert.Equal($"{fan.Username} liked your reel.", notice.GetProperty("text").GetString());

        await _reels.SendAsync(HttpMethod.Delete, like, fan);
        await _reels.SettleAsync(reelId);
        Assert.Empty(await InboxAsync(author));
        await _reels.SendAsync(HttpMethod.Put, like, fan);
        await _reels.SettleAsync(reelId);
        Assert.Single(await InboxAsync(author));
    }

    [Fact]
    public async Task Comments_notify_the_reels_author_and_replies_the_one_replied_to()
    {
        var author = await _reels.NewUserAsync();
        var (ana, bo) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reelId = await _reels.ReelIdAsync(author);
        var top = await _reels.CommentAsync(ana, reelId, "first!");
        var reply = await _reels.CommentAsync(bo, reelId, "second", parentId: top);
        var authorsReply = await _reels.CommentAsync(author, reelId, "thanks", parentId: top);
        await _reels.SettleAsync(reelId);

        var authorInbox = await InboxAsync(author);
        Assert.Equal(new[] { $"{ana.Id} {top}", $"{bo.Id} {reply}" }.Order(), authorInbox.Where(n => n.GetProperty("type").GetString() == "reel_comment")
            .Select(n => $"{n.GetProperty("actor").GetProperty("id").GetGuid()} {n.GetProperty("entityId").GetGuid()}").Order());
        Assert.All(authorInbox, n => Assert.Equal("reel_comment", n.GetProperty("entityType").GetString()));
        var anaInbox = await InboxAsync(ana);
        Assert.Equal(new[] { $"reply {bo.Id}", $"reply {author.Id}" }.Order(), anaInbox.Select(n => $"{n.GetProperty("type").GetString()} {
            n.GetProperty("actor").GetProperty("id").GetGuid()}").Order());
        Assert.Empty(await InboxAsync(bo));
        Assert.NotEqual(reply, authorsReply);
    }

    [Fact]
    public async Task Notices_follow_read_time_visibility_and_no_notice_crosses_a_block()
    {
        var author = await _reels.NewUserAsync();
        var (fan, blocked) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reelId = await _reels.ReelIdAsync(author);
        await _reels.Posts.BlockAsync(author, blocked);
        await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", fan);
        await _reels.CommentAsync(fan, reelId, "wow");
        await _reels.SettleAsync(reelId);
        Assert.Equal(2, (await InboxAsync(author)).Count);
        var unread = await (await _reels.GetAsync("/api/v1/notifications/unread-count", author)).ReadJsonAsync();
        Assert.Equal(2, unread.GetProperty("count").GetInt32());

        // The author blocks the fan after the fact: the stored notices stay out of the list.
        await _reels.Posts.BlockAsync(author, fan);
        Assert.Empty(await InboxAsync(author));
        // A deleted reel's notices go too.
        await _reels.Posts.ExecuteAsync("DELETE FROM blocks WHERE blocker_id = @a AND blocked_id = @b", new { a = author.Id, b = fan.Id });
        Assert.Equal(2, (await InboxAsync(author)).Count);
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}", author)).EnsureNoContentAsync();
        Assert.Empty(await InboxAsync(author));
        Assert.Equal(HttpStatusCode.NotFound, (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", blocked)).StatusCode);
    }

    [Fact]
    public async Task Mentions_in_a_caption_or_comment_notify_the_named_once_and_never_a_blocked_or_private_stranger()
    {
        var author = await _reels.NewUserAsync();
        var (named, commenter, blocker) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await _reels.Posts.BlockAsync(blocker, author);
        var reel = await _reels.CreateReelAsync(author, $"With @{named.Username} and @{blocker.Username} and @nobody_{Guid.NewGuid().ToString("N")[..12]}");
        var reelId = reel.GetProperty("id").GetGuid();
        var commentId = await _reels.CommentAsync(commenter, reelId, $"hi @{named.Username}");
        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reelId}", author, new { caption = $"Still @{named.Username}" })).ReadJsonAsync();
        await _reels.SettleAsync(reelId);

        var inbox = await InboxAsync(named);
        Assert.Equal(new[] { $"mention reel {reelId}", $"mention reel_comment {commentId}" }.Order(), inbox.Select(n =>
            $"{n.GetProperty("type").GetString()} {n.GetProperty("entityType").GetString()} {n.GetProperty("entityId").GetGuid()}").Order());
        Assert.Empty(await InboxAsync(blocker));

        // A private author's caption names someone who may not see the reel: no notice.
        var hidden = await _reels.NewUserAsync(isPrivate: true);
        var outsider = await _reels.NewUserAsync();
        var secret = await _reels.ReelIdAsync(hidden, $"psst @{outsider.Username}");
        await _reels.SettleAsync(secret);
        Assert.Empty(await InboxAsync(outsider));
    }
}
