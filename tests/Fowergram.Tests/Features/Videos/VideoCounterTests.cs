using System.Net;
using Fowergram.Features.Videos;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Videos;

/// <summary>Exact view counts under concurrency and duplicate deliveries, through the outbox and igtv-counters.</summary>
[Collection(ApiCollection.Name)]
public sealed class VideoCounterTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    [Fact]
    public async Task Fifty_viewers_at_once_make_exactly_fifty_views()
    {
        var owner = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);
        var viewers = new List<TestUser>();
        for (var i = 0; i < 50; i++) viewers.Add(await _videos.NewUserAsync());

        var responses = await Task.WhenAll(viewers.Select(v => _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{videoId}/views", v)));
        await _videos.SettleAsync(videoId);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal(50L, await _videos.ViewRowsAsync(videoId));
        Assert.Equal(50L, await _videos.ViewCountAsync(videoId));
        Assert.Equal(50, (await (await _videos.GetAsync($"/api/v1/videos/{videoId}", null)).ReadJsonAsync()).GetProperty("viewCount").GetInt32());
    }

    [Fact]
    public async Task One_viewer_twenty_times_at_once_is_one_view_and_one_event_and_the_owner_does_not_count()
    {
        var owner = await _videos.NewUserAsync();
        var viewer = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{videoId}/views", viewer)));
        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{videoId}/views", owner)).EnsureNoContentAsync();
        await _videos.SettleAsync(videoId);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal(1L, await _videos.ViewRowsAsync(videoId));
        Assert.Equal(1L, await _videos.ViewCountAsync(videoId));
        Assert.Single(await _videos.EventsAsync(videoId), e => e.Type == VideoEvents.Viewed);
    }

    [Fact]
    public async Task Duplicate_deliveries_sequential_and_concurrent_apply_once()
    {
        var owner = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);
        for (var i = 0; i < 3; i++)
            await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{videoId}/views", await _videos.NewUserAsync())).EnsureNoContentAsync();
        await _videos.SettleAsync(videoId);
        var runner = app.Services.GetRequiredService<ConsumerRunner>();
        var views = (await _videos.EventsAsync(videoId)).Where(e => e.Type == VideoEvents.Viewed).ToList();

        foreach (var e in views) await runner.RunAsync(VideoCountersConsumer.ConsumerName, e, CancellationToken.None);
        await Task.WhenAll(views.Concat(views).Select(e => runner.RunAsync(VideoCountersConsumer.ConsumerName, e, CancellationToken.None)));

        Assert.Equal(3, views.Count);
        Assert.Equal(3L, await _videos.ViewCountAsync(videoId));
    }
}
