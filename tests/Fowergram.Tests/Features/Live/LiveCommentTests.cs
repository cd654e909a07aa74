using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>Live comments: only while live, counted, listed newest first with keyset paging.</summary>
[Collection(ApiCollection.Name)]
public sealed class LiveCommentTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    [Fact]
    public async Task Comments_are_taken_while_live_and_listed_newest_first()
    {
        var owner = await _live.NewUserAsync();
        var viewer = await _live.NewUserAsync();
        var id = await _live.StreamIdAsync(owner);
        await (await _live.PostAsync($"/api/v1/live/{id}/comments", viewer, new { content = "early" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await _live.PostAsync($"/api/v1/live/{id}/start", owner);

        var ids = new List<Guid>();
        foreach (var text in new[] { "hi", "  love this  ", "🔥" })
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
            var comment = await (await _live.PostAsync($"/api/v1/live/{id}/comments", viewer, new { content = text })).ReadJsonAsync(HttpStatusCode.Created);
            Assert.Equal(viewer.Id, comment.GetProperty("author").GetProperty("id").GetGuid());
            ids.Add(comment.GetProperty("id").GetGuid());
        }

        var page = await (await _live.GetAsync($"/api/v1/live/{id}/comments?limit=2", null)).ReadJsonAsync();
        Assert.Equal([ids[2], ids[1]], LiveClient.Ids(page));
        Assert.Equal("love this", page.GetProperty("items")[1].GetProperty("content").GetString());
        var rest = await (await _live.GetAsync($"/api/v1/live/{id}/comments?limit=2&cursor={page.GetProperty("nextCursor").GetString()}", owner)).ReadJsonAsync();
        Assert.Equal([ids[0]], LiveClient.Ids(rest));
        Assert.Equal(3L, (await _live.StatsAsync(id)).Comments);

        await _live.PostAsync($"/api/v1/live/{id}/end", owner);
        await (await _live.PostAsync($"/api/v1/live/{id}/comments", viewer, new { content = "late" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(3, LiveClient.Ids(await (await _live.GetAsync($"/api/v1/live/{id}/comments", viewer)).ReadJsonAsync()).Count);
        Assert.Equal(3L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_comments WHERE stream_id = @id", new { id }));
    }

    [Fact]
    public async Task The_author_or_the_broadcaster_deletes_a_comment_and_nobody_else_can()
    {
        var owner = await _live.NewUserAsync();
        var author = await _live.NewUserAsync();
        var other = await _live.NewUserAsync();
        var id = await _live.LiveStreamIdAsync(owner);
        async Task<Guid> CommentAsync(string text) =>
            (await (await _live.PostAsync($"/api/v1/live/{id}/comments", author, new { content = text })).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var own = await CommentAsync("oops, typo");
        var abusive = await CommentAsync("something abusive");
        var kept = await CommentAsync("kept");
        Task<HttpResponseMessage> DeleteAsync(Guid commentId, TestUser? caller, Guid? stream = null) =>
            _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream ?? id}/comments/{commentId}", caller);

        // Not theirs, no such comment, another stream's path, no token: nothing changes.
        await (await DeleteAsync(kept, other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await DeleteAsync(Guid.NewGuid(), owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await DeleteAsync(kept, owner, await _live.StreamIdAsync(other))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{id}/comments/not-an-id", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await DeleteAsync(kept, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(3L, (await _live.StatsAsync(id)).Comments);

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(own, author)).StatusCode);
        await _live.PostAsync($"/api/v1/live/{id}/end", owner);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(abusive, owner)).StatusCode); // after the end, too
        await (await DeleteAsync(abusive, owner)).AssertProblemAsync(HttpStatusCode.NotFound); // gone already

        Assert.Equal([kept], LiveClient.Ids(await (await _live.GetAsync($"/api/v1/live/{id}/comments", owner)).ReadJsonAsync()));
        Assert.Equal(1L, (await _live.StatsAsync(id)).Comments);
    }

    [Fact]
    public async Task A_broadcaster_who_blocked_the_caller_keeps_the_comments_out_of_their_reach()
    {
        var owner = await _live.NewUserAsync();
        var author = await _live.NewUserAsync();
        var id = await _live.LiveStreamIdAsync(owner);
        var comment = (await (await _live.PostAsync($"/api/v1/live/{id}/comments", author, new { content = "hello" })).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{author.Username}/block", owner)).StatusCode);

        // The broadcast is hidden from a blocked account (404), as every read of it is; the broadcaster can still remove it.
        await (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{id}/comments/{comment}", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{id}/comments/{comment}", owner)).StatusCode);
    }
}
