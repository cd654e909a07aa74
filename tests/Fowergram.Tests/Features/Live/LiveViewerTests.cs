using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>Join and leave: idempotent, only while live, exact counts under concurrency, peak kept, watch seconds add up.</summary>
[Collection(ApiCollection.Name)]
public sealed class LiveViewerTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    [Fact]
    public async Task Thirty_concurrent_joins_count_thirty_and_concurrent_leaves_keep_the_peak()
    {
        var owner = await _live.NewUserAsync();
        var id = await _live.LiveStreamIdAsync(owner);
        var viewers = new List<TestUser>();
        for (var i = 0; i < 30; i++) viewers.Add(await _live.NewUserAsync());

        var joins = await Task.WhenAll(viewers.Concat(viewers.Take(10)).Select(v => _live.PostAsync($"/api/v1/live/{id}/join", v)));
        Assert.All(joins, j => Assert.Equal(HttpStatusCode.NoContent, j.StatusCode));
        Assert.Equal((30L, 30L, 0L), await _live.StatsAsync(id));

        var leaves = await Task.WhenAll(viewers.Take(12).Concat(viewers.Take(4)).Select(v => _live.PostAsync($"/api/v1/live/{id}/leave", v)));
        Assert.All(leaves, l => Assert.Equal(HttpStatusCode.NoContent, l.StatusCode));
        Assert.Equal((18L, 30L, 0L), await _live.StatsAsync(id));
        var view = await (await _live.GetAsync($"/api/v1/live/{id}", viewers[20])).ReadJsonAsync();
        Assert.Equal(18, view.GetProperty("viewerCount").GetInt64());
        Assert.Equal(30, view.GetProperty("peakViewerCount").GetInt64());
    }

    [Fact]
    public async Task A_viewer_blocked_or_hidden_from_after_joining_can_still_leave_and_is_counted_out()
    {
        var owner = await _live.NewUserAsync();
        var (blocked, hidden, stranger) = (await _live.NewUserAsync(), await _live.NewUserAsync(), await _live.NewUserAsync());
        var id = await _live.LiveStreamIdAsync(owner);
        foreach (var viewer in new[] { blocked, hidden })
            Assert.Equal(HttpStatusCode.NoContent, (await _live.PostAsync($"/api/v1/live/{id}/join", viewer)).StatusCode);
        Assert.Equal((2L, 2L, 0L), await _live.StatsAsync(id));

        // docs/live.md: a block (or a hide) after joining does not eject the viewer; their row closes when they leave.
        await _live.Posts.BlockAsync(owner, blocked);
        await _live.Posts.ExecuteAsync("INSERT INTO story_hidden_viewers (owner_id, viewer_id) VALUES (@o, @v)", new { o = owner.Id, v = hidden.Id });
        foreach (var viewer in new[] { blocked, hidden })
        {
            await (await _live.PostAsync($"/api/v1/live/{id}/join", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal(HttpStatusCode.NoContent, (await _live.PostAsync($"/api/v1/live/{id}/leave", viewer)).StatusCode);
        }
        Assert.Equal((0L, 2L, 0L), await _live.StatsAsync(id));
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM live_stream_viewers WHERE stream_id = @id AND left_at IS NULL", new { id }));

        // Someone who never watched learns nothing from leave.
        await _live.Posts.BlockAsync(owner, stranger);
        await (await _live.PostAsync($"/api/v1/live/{id}/leave", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rejoining_reopens_the_row_and_watch_seconds_accumulate_and_ending_closes_everyone()
    {
        var owner = await _live.NewUserAsync();
        var viewer = await _live.NewUserAsync();
        var other = await _live.NewUserAsync();
        var id = await _live.LiveStreamIdAsync(owner);

        await _live.PostAsync($"/api/v1/live/{id}/join", viewer);
        await _live.PostAsync($"/api/v1/live/{id}/join", other);
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        await _live.PostAsync($"/api/v1/live/{id}/leave", viewer);
        await _live.PostAsync($"/api/v1/live/{id}/leave", viewer); // idempotent
        await _live.PostAsync($"/api/v1/live/{id}/join", viewer);
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal((2L, 2L, 0L), await _live.StatsAsync(id));

        await (await _live.PostAsync($"/api/v1/live/{id}/end", owner)).ReadJsonAsync();

        Assert.Equal((0L, 2L, 0L), await _live.StatsAsync(id));
        Assert.Equal(15, await WatchedAsync(id, viewer));
        Assert.Equal(15, await WatchedAsync(id, other));
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_viewers WHERE stream_id = @id AND left_at IS NULL", new { id }));
        var late = await (await _live.PostAsync($"/api/v1/live/{id}/join", viewer)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("'ended'", late.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Only_a_live_broadcast_can_be_joined_and_never_by_its_broadcaster()
    {
        var owner = await _live.NewUserAsync();
        var viewer = await _live.NewUserAsync();
        var id = await _live.StreamIdAsync(owner);

        Assert.Contains("'scheduled'", (await (await _live.PostAsync($"/api/v1/live/{id}/join", viewer))
            .AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        await _live.PostAsync($"/api/v1/live/{id}/start", owner);
        await (await _live.PostAsync($"/api/v1/live/{id}/join", owner)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal((0L, 0L, 0L), await _live.StatsAsync(id));
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_viewers WHERE stream_id = @id", new { id }));
    }

    private Task<int> WatchedAsync(Guid id, TestUser viewer) => _live.Posts.ScalarAsync<int>(
        "SELECT watch_duration FROM live_stream_viewers WHERE stream_id = @id AND user_id = @viewer", new { id, viewer = viewer.Id });
}
