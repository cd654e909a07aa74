using System.Net;
using Fowergram.Features.Videos;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// Comments on long-form videos (igtv_comments, migration 0080): one level of replies, lists and threads with keyset pages,
/// deletion by the comment's or the video's author, exact counts through igtv-counters, and 404 wherever the video is hidden.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VideoCommentTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    private async Task<Guid> CommentAsync(TestUser user, Guid videoId, string content, Guid? parentId = null)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var created = await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{videoId}/comments", user, new { content, parentId });
        var comment = await created.ReadJsonAsync(HttpStatusCode.Created);
        var id = comment.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/videos/{videoId}/comments/{id}", created.Headers.Location?.OriginalString);
        return id;
    }

    private Task<long> CommentCountAsync(Guid videoId) =>
        _videos.Posts.ScalarAsync<long>("SELECT coalesce((SELECT comment_count FROM igtv_stats WHERE video_id = @videoId), 0)", new { videoId });

    [Fact]
    public async Task The_author_turns_comments_off_and_on_and_the_comments_already_there_stay()
    {
        var owner = await _videos.NewUserAsync();
        var fan = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);
        var before = await CommentAsync(fan, videoId, "First");

        var off = await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{videoId}", owner, new { commentsDisabled = true })).ReadJsonAsync();
        Assert.True(off.GetProperty("commentsDisabled").GetBoolean());
        foreach (var writer in new[] { fan, owner })
            await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{videoId}/comments", writer, new { content = "Too late" }))
                .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal([before], VideosClient.Ids(await (await _videos.GetAsync($"/api/v1/videos/{videoId}/comments", fan)).ReadJsonAsync()));
        await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{videoId}", owner, new { commentsDisabled = "yes" }))
            .AssertValidationErrorAsync("commentsDisabled");

        await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{videoId}", owner, new { commentsDisabled = false })).ReadJsonAsync();
        await CommentAsync(fan, videoId, "Back on");
        var created = await (await _videos.CreateAsync(owner, new
        {
            uploadId = (await _videos.UploadAsync(owner)).UploadId, title = "Quiet", durationSeconds = 10, published = true, commentsDisabled = true,
        })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.True(created.GetProperty("commentsDisabled").GetBoolean());
    }

    [Fact]
    public async Task Comments_and_replies_are_listed_in_their_orders_and_counted()
    {
        var owner = await _videos.NewUserAsync();
        var fan = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);

        var first = await CommentAsync(fan, videoId, "  Great episode  ");
        var second = await CommentAsync(owner, videoId, "Thanks for watching");
        var reply = await CommentAsync(owner, videoId, "Glad you liked it", first);
        var replyToReply = await CommentAsync(fan, videoId, "Me too", reply); // joins the thread of its parent
        await _videos.SettleAsync(videoId);

        var top = await (await _videos.GetAsync($"/api/v1/videos/{videoId}/comments", null)).ReadJsonAsync();
        Assert.Equal([second, first], VideosClient.Ids(top));
        Assert.Equal(("Great episode", 2), (top.GetProperty("items")[1].GetProperty("content").GetString(),
            top.GetProperty("items")[1].GetProperty("replyCount").GetInt32()));
        var replies = await (await _videos.GetAsync($"/api/v1/videos/{videoId}/comments/{first}/replies?limit=1", fan)).ReadJsonAsync();
        Assert.Equal([reply], VideosClient.Ids(replies));
        var rest = await (await _videos.GetAsync(
            $"/api/v1/videos/{videoId}/comments/{first}/replies?cursor={replies.GetProperty("nextCursor").GetString()}", fan)).ReadJsonAsync();
        Assert.Equal([replyToReply], VideosClient.Ids(rest));
        Assert.Equal(first, rest.GetProperty("items")[0].GetProperty("parentId").GetGuid());
        Assert.Equal(4L, await CommentCountAsync(videoId));
        Assert.Equal(4, (await (await _videos.GetAsync($"/api/v1/videos/{videoId}", fan)).ReadJsonAsync()).GetProperty("commentCount").GetInt32());
        // A reply has no replies of its own to list.
        await (await _videos.GetAsync($"/api/v1/videos/{videoId}/comments/{reply}/replies", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_commenter_or_the_videos_author_deletes_a_comment_with_its_replies_and_nobody_else_can()
    {
        var owner = await _videos.NewUserAsync();
        var fan = await _videos.NewUserAsync();
        var other = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);
        var thread = await CommentAsync(fan, videoId, "A thread");
        await CommentAsync(other, videoId, "A reply", thread);
        var own = await CommentAsync(other, videoId, "Mine");
        Task<HttpResponseMessage> DeleteAsync(Guid commentId, TestUser? caller) =>
            _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{videoId}/comments/{commentId}", caller);

        await (await DeleteAsync(thread, other)).AssertProblemAsync(HttpStatusCode.NotFound); // neither its author nor the video's
        await (await DeleteAsync(Guid.NewGuid(), owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await DeleteAsync(own, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await _videos.SettleAsync(videoId);
        Assert.Equal(3L, await CommentCountAsync(videoId));

        await (await DeleteAsync(own, other)).EnsureNoContentAsync();
        await (await DeleteAsync(thread, owner)).EnsureNoContentAsync(); // the video's author moderates; the reply goes with it
        await (await DeleteAsync(thread, owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await _videos.SettleAsync(videoId);

        Assert.Empty(VideosClient.Ids(await (await _videos.GetAsync($"/api/v1/videos/{videoId}/comments", owner)).ReadJsonAsync()));
        Assert.Equal(0L, await CommentCountAsync(videoId));
        Assert.Equal(3, (await _videos.EventsAsync(videoId)).Count(e => e.Type == VideoEvents.CommentDeleted));
    }

    [Fact]
    public async Task Bad_comments_are_400s_naming_content_and_hidden_videos_are_404s_with_nothing_written()
    {
        var owner = await _videos.NewUserAsync(isPrivate: true);
        var stranger = await _videos.NewUserAsync();
        var hidden = await _videos.VideoIdAsync(owner);
        var author = await _videos.NewUserAsync();
        var draft = await _videos.VideoIdAsync(author, published: false);
        var open = await _videos.VideoIdAsync(author);

        foreach (var content in new[] { "", "   ", new string('x', 2201), string.Concat(Enumerable.Range(0, 31).Select(i => $"#tag{i} ")) })
        {
            var refused = await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{open}/comments", stranger, new { content }))
                .AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(refused.GetProperty("errors").TryGetProperty("content", out _), content[..Math.Min(content.Length, 20)]);
        }
        foreach (var videoId in new[] { hidden, draft, Guid.NewGuid() })
        {
            await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{videoId}/comments", stranger, new { content = "hi" }))
                .AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _videos.GetAsync($"/api/v1/videos/{videoId}/comments", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        // A reply to a comment of another video, or to none, names nothing here.
        var elsewhere = await CommentAsync(author, draft, "Draft note");
        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{open}/comments", stranger, new { content = "hi", parentId = elsewhere }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _videos.GetAsync($"/api/v1/videos/{open}/comments?limit=0", stranger)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(1L, await _videos.Posts.ScalarAsync<long>("SELECT count(*) FROM igtv_comments WHERE video_id = ANY(@ids)",
            new { ids = new[] { hidden, draft, open } }));
    }

    [Fact]
    public async Task Comments_of_accounts_on_the_other_side_of_a_block_are_hidden_from_the_reader()
    {
        var owner = await _videos.NewUserAsync();
        var blocked = await _videos.NewUserAsync();
        var reader = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);
        var hiddenComment = await CommentAsync(blocked, videoId, "You cannot see me");
        var shown = await CommentAsync(owner, videoId, "Hello");
        await (await _videos.SendAsync(HttpMethod.Put, $"/api/v1/users/{blocked.Username}/block", reader)).EnsureNoContentAsync();

        Assert.Equal([shown], VideosClient.Ids(await (await _videos.GetAsync($"/api/v1/videos/{videoId}/comments", reader)).ReadJsonAsync()));
        Assert.Equal([shown, hiddenComment], VideosClient.Ids(await (await _videos.GetAsync($"/api/v1/videos/{videoId}/comments", null)).ReadJsonAsync()));
        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{videoId}/comments", reader, new { content = "re", parentId = hiddenComment }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Comments_notify_the_videos_author_and_replies_the_one_answered_until_the_comment_is_deleted()
    {
        var owner = await _videos.NewUserAsync();
        var fan = await _videos.NewUserAsync();
        var other = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);
        var question = await CommentAsync(fan, videoId, "Where was this filmed?");
        var answer = await CommentAsync(owner, videoId, "In Lisbon", question); // the author answering: a reply notice to the fan only
        var aside = await CommentAsync(other, videoId, "Same question", question); // to the fan (reply) and the owner (comment)
        await _videos.SettleAsync(videoId);

        async Task<List<(string Type, string Text, Guid EntityId)>> NoticesAsync(TestUser user) =>
            (await (await _videos.GetAsync("/api/v1/notifications", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(n => (n.GetProperty("type").GetString()!, n.GetProperty("text").GetString()!, n.GetProperty("entityId").GetGuid()))
            .Where(n => n.Item1 is "video_comment" or "reply").OrderBy(n => n.Item2, StringComparer.Ordinal).ToList();

        var toOwner = await NoticesAsync(owner);
        Assert.Equal(new[] { question, aside }.Order(), toOwner.Select(n => n.EntityId).Order());
        Assert.All(toOwner, n => Assert.Equal("video_comment", n.Type));
        Assert.Contains(toOwner, n => n.Text == $"{fan.Username} commented on your video.");
        Assert.Equal(new[] { answer, aside }.Order(), (await NoticesAsync(fan)).Select(n => n.EntityId).Order());
        Assert.All(await NoticesAsync(fan), n => Assert.Equal("reply", n.Type));

        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{videoId}/comments/{aside}", owner)).EnsureNoContentAsync();
        Assert.Equal([question], (await NoticesAsync(owner)).Select(n => n.EntityId)); // a deleted comment's notice is gone from the list
        Assert.Equal([answer], (await NoticesAsync(fan)).Select(n => n.EntityId));
    }

    [Fact]
    public async Task Mentions_in_comments_notify_the_accounts_named_that_may_see_the_video()
    {
        var owner = await _videos.NewUserAsync();
        var writer = await _videos.NewUserAsync();
        var named = await _videos.NewUserAsync();
        var blocker = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);
        await (await _videos.SendAsync(HttpMethod.Put, $"/api/v1/users/{writer.Username}/block", blocker)).EnsureNoContentAsync();

        var comment = await CommentAsync(writer, videoId, $"@{named.Username} and @{blocker.Username}, look! @{writer.Username} @nobody_here");
        await _videos.SettleAsync(videoId);

        Task<long> MentionsAsync(TestUser user) => _videos.Posts.ScalarAsync<long>("""
            SELECT count(*) FROM notifications
             WHERE user_id = @id AND type = 'mention' AND entity_type = 'igtv_comment' AND entity_id = @comment
            """, new { id = user.Id, comment });
        Assert.Equal((1L, 0L, 0L), (await MentionsAsync(named), await MentionsAsync(blocker), await MentionsAsync(writer)));
        var notice = (await (await _videos.GetAsync("/api/v1/notifications", named)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("type").GetString() == "mention");
        Assert.Equal($"{writer.Username} mentioned you.", notice.GetProperty("text").GetString());

        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{videoId}/comments/{comment}", owner)).EnsureNoContentAsync();
        Assert.DoesNotContain((await (await _videos.GetAsync("/api/v1/notifications", named)).ReadJsonAsync()).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("type").GetString() == "mention");
    }
}
