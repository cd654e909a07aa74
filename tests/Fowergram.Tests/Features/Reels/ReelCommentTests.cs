using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>Comments on reels: one level of replies, counts, who may delete, comments turned off.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReelCommentTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    [Fact]
    public async Task Replies_stay_one_level_deep_and_counts_follow_the_live_comments()
    {
        var author = await _reels.NewUserAsync();
        var (ana, bo) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reelId = await _reels.ReelIdAsync(author);
        var top = await _reels.CommentAsync(ana, reelId, "Love this @" + author.Username);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var reply = await _reels.CommentAsync(bo, reelId, "Same", parentId: top);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var replyToReply = await _reels.CommentAsync(author, reelId, "Thanks both", parentId: reply);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await _reels.CommentAsync(bo, reelId, "Where is this?");
        await _reels.SettleAsync(reelId);

        var list = await (await _reels.GetAsync($"/api/v1/reels/{reelId}/comments", null)).ReadJsonAsync();
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([second, top], items.Select(c => c.GetProperty("id").GetGuid())); // newest first, top level only
        Assert.Equal(2, items[1].GetProperty("replyCount").GetInt32());
        var replies = await (await _reels.GetAsync($"/api/v1/reels/{reelId}/comments/{top}/replies", null)).ReadJsonAsync();
        var thread = replies.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([reply, replyToReply], thread.Select(c => c.GetProperty("id").GetGuid())); // oldest first
        Assert.All(thread, c => Assert.Equal(top, c.GetProperty("parentId").GetGuid())); // a reply to a reply joins the thread
        Assert.Equal(4L, await _reels.StatAsync(reelId, "comment_count"));
        await (await _reels.GetAsync($"/api/v1/reels/{reelId}/comments/{reply}/replies", null)).AssertProblemAsync(HttpStatusCode.NotFound);

        // Deleting the top-level comment takes its replies with it.
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}/comments/{top}", ana)).EnsureNoContentAsync();
        await _reels.SettleAsync(reelId);
        Assert.Equal(1L, await _reels.StatAsync(reelId, "comment_count"));
        var after = await (await _reels.GetAsync($"/api/v1/reels/{reelId}", author)).ReadJsonAsync();
        Assert.Equal(1, after.GetProperty("commentCount").GetInt32());
    }

    [Fact]
    public async Task A_comment_is_deleted_by_its_author_or_the_reels_author_and_no_one_else()
    {
        var author = await _reels.NewUserAsync();
        var (writer, stranger) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reelId = await _reels.ReelIdAsync(author);
        var first = await _reels.CommentAsync(writer, reelId, "one");
        var second = await _reels.CommentAsync(writer, reelId, "two");

        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}/comments/{first}", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(2L, await LiveCommentsAsync(reelId));
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}/comments/{first}", writer)).EnsureNoContentAsync();
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}/comments/{second}", author)).EnsureNoContentAsync();
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}/comments/{second}", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await LiveCommentsAsync(reelId));
    }

    [Fact]
    public async Task Comments_turned_off_refuse_new_ones_with_409_and_keep_the_old_readable()
    {
        var author = await _reels.NewUserAsync();
        var fan = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(author);
        var old = await _reels.CommentAsync(fan, reelId, "early");
        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reelId}", author, new { commentsDisabled = true })).ReadJsonAsync();

        foreach (var who in new[] { fan, author })
            await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reelId}/comments", who, new { content = "late" }))
                .AssertProblemAsync(HttpStatusCode.Conflict);
        var list = await (await _reels.GetAsync($"/api/v1/reels/{reelId}/comments", fan)).ReadJsonAsync();
        Assert.Equal([old], list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_blocked_commenter_is_hidden_from_the_blocker_and_cannot_reply_to_them()
    {
        var author = await _reels.NewUserAsync();
        var (troll, reader) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reelId = await _reels.ReelIdAsync(author);
        var trolling = await _reels.CommentAsync(troll, reelId, "meh");
        var readerComment = await _reels.CommentAsync(reader, reelId, "nice");
        await _reels.Posts.BlockAsync(reader, troll);

        var seen = await (await _reels.GetAsync($"/api/v1/reels/{reelId}/comments", reader)).ReadJsonAsync();
        Assert.Equal([readerComment], seen.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reelId}/comments", troll, new { content = "hey", parentId = readerComment }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(2L, await LiveCommentsAsync(reelId));
        Assert.NotEqual(Guid.Empty, trolling);
    }

    private Task<long> LiveCommentsAsync(Guid reelId) =>
        _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM reel_comments WHERE reel_id = @reelId AND deleted_at IS NULL", new { reelId });
}
