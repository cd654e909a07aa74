using System.Net;
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
}
