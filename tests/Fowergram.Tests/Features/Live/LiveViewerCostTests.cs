using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Fowergram.Tests.Platform.Telemetry;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// What joining, leaving and ending cost the request: the audience is not the caller's to bound, so no statement of theirs
/// may count the broadcast's viewer rows, and the end none may write them. Read from the Npgsql spans of each request's
/// trace (the telemetry host exports them).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class LiveViewerCostTests(TelemetryHost host)
{
    [Fact]
    public async Task Joins_and_leaves_never_count_the_viewer_rows_and_the_end_never_writes_them()
    {
        var live = new LiveClient(host.App);
        var owner = await live.NewUserAsync();
        var (watching, joining) = (await live.NewUserAsync(), await live.NewUserAsync());
        var id = await live.LiveStreamIdAsync(owner);
        Assert.Equal(HttpStatusCode.NoContent, (await live.PostAsync($"/api/v1/live/{id}/join", watching)).StatusCode);

        var join = await StatementsAsync($"/api/v1/live/{id}/join", joining);
        var leave = await StatementsAsync($"/api/v1/live/{id}/leave", joining);
        var end = await StatementsAsync($"/api/v1/live/{id}/end", owner);

        Assert.Contains(join, s => s.Contains("INSERT INTO live_stream_viewers", StringComparison.Ordinal));
        Assert.Contains(leave, s => s.Contains("UPDATE live_stream_viewers", StringComparison.Ordinal));
        Assert.DoesNotContain(join.Concat(leave).Concat(end), s => s.Contains("count(*) AS open", StringComparison.Ordinal)
            || s.Contains("count(*) FROM live_stream_viewers", StringComparison.Ordinal));
        Assert.DoesNotContain(end, s => s.Contains("UPDATE live_stream_viewers", StringComparison.Ordinal));
        Assert.Equal((0L, 2L, 0L), await live.StatsAsync(id));
    }

    /// <summary>The SQL texts the request's trace sent; the request must succeed.</summary>
    private async Task<IReadOnlyList<string>> StatementsAsync(string path, TestUser caller)
    {
        var before = host.RequestsTo("POST", path);
        var response = await new LiveClient(host.App).PostAsync(path, caller);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
        return host.StatementTextsOf(await host.TraceOfRequestAsync("POST", path, before));
    }
}
