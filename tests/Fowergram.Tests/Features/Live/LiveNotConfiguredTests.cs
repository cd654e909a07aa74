using System.Net;
using Fowergram.Features.Live;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>A deployment without the provider's endpoints says so (503) instead of pretending; malformed settings fail start-up.</summary>
public sealed class LiveNotConfiguredTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock(b =>
    {
        b.Configuration["Live:IngestUrl"] = "";
        b.Configuration["Live:PlaybackUrlTemplate"] = "";
    });

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Creating_a_broadcast_is_503_saying_live_streaming_is_not_configured_and_writes_nothing()
    {
        var live = new LiveClient(_app);
        var owner = await live.NewUserAsync();

        var problem = await (await live.CreateAsync(owner, new { title = "Hello" })).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Contains("not configured", problem.GetProperty("detail").GetString());
        Assert.Equal(0L, await live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_streams WHERE user_id = @id", new { id = owner.Id }));
        Assert.Empty(LiveClient.Ids(await (await live.GetAsync("/api/v1/live/mine", owner)).ReadJsonAsync())); // reads still work
    }

    [Theory]
    [InlineData("rtmps://ingest.example.com/app", "", "set together")]
    [InlineData("", "https://cdn.example.com/{streamId}.m3u8", "set together")]
    [InlineData("https://ingest.example.com/app", "https://cdn.example.com/{streamId}.m3u8", "rtmps://")]
    [InlineData("rtmps://ingest.example.com/app", "http://cdn.example.com/{streamId}.m3u8", "https://")]
    [InlineData("rtmps://ingest.example.com/app", "https://cdn.example.com/index.m3u8", "{streamId}")]
    public void Malformed_settings_are_named(string ingest, string playback, string expected)
    {
        var problems = new LiveOptions { IngestUrl = ingest, PlaybackUrlTemplate = playback }.Problems().ToList();
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Both_empty_or_both_well_formed_are_valid()
    {
        Assert.Empty(new LiveOptions().Problems());
        var ok = new LiveOptions { IngestUrl = "rtmps://ingest.example.com:443/app", PlaybackUrlTemplate = "https://cdn.example.com/{streamId}/index.m3u8" };
        Assert.Empty(ok.Problems());
        Assert.True(ok.IsConfigured);
        Assert.False(new LiveOptions().IsConfigured);
    }

    [Theory]
    [InlineData(29, 14_400, "HeartbeatTimeout")]
    [InlineData(3_601, 14_400, "HeartbeatTimeout")]
    [InlineData(120, 59, "MaxDuration")]
    [InlineData(120, 86_401, "MaxDuration")]
    public void Auto_end_times_out_of_range_are_named(int timeoutSeconds, int maxSeconds, string expected)
    {
        var options = new LiveOptions { HeartbeatTimeout = TimeSpan.FromSeconds(timeoutSeconds), MaxDuration = TimeSpan.FromSeconds(maxSeconds) };
        Assert.Contains(options.Problems(), p => p.Contains(expected, StringComparison.Ordinal));
        Assert.Empty(new LiveOptions { HeartbeatTimeout = TimeSpan.FromSeconds(30), MaxDuration = TimeSpan.FromDays(1) }.Problems());
    }
}
