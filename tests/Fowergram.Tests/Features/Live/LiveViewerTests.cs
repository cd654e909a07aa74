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
    public async Task Fifty_concurrent_joins_leaves_and_rejoins_keep_the_count_and_the_peak_exact()
    {
        var owner = await _live.NewUserAsync();
        var id = await _live.LiveStreamIdAsync(owner);
        var viewers = new List<TestUser>();
        for (var i = 0; i < 60; i++) viewers.Add(await _live.NewUserAsync());
        var (first, late) = (viewers.Take(50).ToList(), viewers.Skip(50).ToList());

        await AllNoContentAsync(first.Concat(first.Take(10)).Select(v => _live.PostAsync($"/api/v1/live/{id}/join", v)));
        Assert.Equal((50L, 50L, 0L), await _live.StatsAsync(id));

        await AllNoContentAsync(first.Take(30).Concat(first.Take(10)).Select(v => _live.PostAsync($"/api/v1/live/{id}/leave", v)));
        Assert.Equal((20L, 50L, 0L), await _live.StatsAsync(id));

        // Rejoins reopen rows, first-time joins open them; leaves of the ones still watching run among them.
        await AllNoContentAsync(first.Take(20).Select(v => _live.PostAsync($"/api/v1/live/{id}/join", v))
            .Concat(late.Select(v => _live.PostAsync($"/api/v1/live/{id}/join", v)))
            .Concat(first.Skip(45).Select(v => _live.PostAsync($"/api/v1/live/{id}/leave", v))));
        Assert.Equal((45L, 50L, 0L), await _live.StatsAsync(id));
        Assert.Equal(45L, await OpenRowsAsync(id));

        // 15 of these reopen rows; the other 15 are watching already and change nothing.
        await AllNoContentAsync(first.Skip(20).Select(v => _live.PostAsync($"/api/v1/live/{id}/join", v)));
        Assert.Equal((60L, 60L, 0L), await _live.StatsAsync(id));
        Assert.Equal(60L, await OpenRowsAsync(id));
    }

    [Fact]
    public async Task Rejoining_reopens_the_row_and_watch_seconds_accumulate_and_ending_counts_everyone_out_without_touching_the_rows()
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

        Assert.Equal(10, await WatchedAsync(id, viewer));
        var ended = await (await _live.PostAsync($"/api/v1/live/{id}/end", owner)).ReadJsonAsync();
        Assert.Equal((0, 2), (ended.GetProperty("viewerCount").GetInt64(), ended.GetProperty("peakViewerCount").GetInt64()));

        // The end left both rows open (live-auto-end closes them at ended_at: LiveAutoEndTests) and counted them out.
        Assert.Equal((0L, 2L, 0L), await _live.StatsAsync(id));
        Assert.Equal(2L, await OpenRowsAsync(id));
        var late = await (await _live.PostAsync($"/api/v1/live/{id}/join", viewer)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("'ended'", late.GetProperty("detail").GetString());

        // Leaving an ended broadcast is a no-op: the row counts as closed at the end, whatever time the leave comes.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.NoContent, (await _live.PostAsync($"/api/v1/live/{id}/leave", viewer)).StatusCode);
        Assert.Equal((0L, 2L, 0L), await _live.StatsAsync(id));
        Assert.Equal((2L, 10), (await OpenRowsAsync(id), await WatchedAsync(id, viewer)));
        // Someone it was hidden from since is not watching an ended broadcast: leave is a 404 for them as for any stranger.
        await _live.Posts.BlockAsync(owner, other);
        await (await _live.PostAsync($"/api/v1/live/{id}/leave", other)).AssertProblemAsync(HttpStatusCode.NotFound);
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

    private Task<long> OpenRowsAsync(Guid id) =>
        _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_viewers WHERE stream_id = @id AND left_at IS NULL", new { id });

    private static async Task AllNoContentAsync(IEnumerable<Task<HttpResponseMessage>> requests) =>
        Assert.All(await Task.WhenAll(requests), r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));

    private Task<int> WatchedAsync(Guid id, TestUser viewer) => _live.Posts.ScalarAsync<int>(
        "SELECT watch_duration FROM live_stream_viewers WHERE stream_id = @id AND user_id = @viewer", new { id, viewer = viewer.Id });
}
