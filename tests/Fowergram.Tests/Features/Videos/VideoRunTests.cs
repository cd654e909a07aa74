using Fowergram.Features.Videos;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// igtv-counters over one batch with runs of two videos' views interleaved and duplicates: each event applies once and the
/// batch ends where handling the events one at a time would (docs/events.md, "Runs, set-based").
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VideoRunTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    [Fact]
    public async Task A_batch_of_views_of_two_videos_with_duplicates_applies_each_event_once()
    {
        var owner = await _videos.NewUserAsync();
        var first = await _videos.VideoIdAsync(owner);
        var second = await _videos.VideoIdAsync(owner);
        await _videos.SettleAsync(first, second);
        var events = new EngagementEvents(app, _videos.Posts);
        var views = new List<EventEnvelope>();
        for (var i = 0; i < 4; i++)
        {
            var viewer = await _videos.NewUserAsync();
            var videoId = i < 3 ? first : second;
            views.Add(await events.InFlightAsync(VideoEvents.Viewed, viewer.Id, new { videoId, authorId = owner.Id, entityType = "igtv_video", entityId = videoId }));
        }
        EventEnvelope[] batch = [views[0], views[1], views[0], views[3], views[2], views[3], views[1]];

        var outcomes = await events.Runner.RunBatchAsync(VideoCountersConsumer.ConsumerName, batch, null, CancellationToken.None);
        var again = await events.Runner.RunBatchAsync(VideoCountersConsumer.ConsumerName, views, null, CancellationToken.None);

        Assert.Equal(3, outcomes.Count(o => o == ConsumeOutcome.AlreadyProcessed));
        Assert.All(again, o => Assert.Equal(ConsumeOutcome.AlreadyProcessed, o));
        Assert.Equal((3L, 1L), (await _videos.ViewCountAsync(first), await _videos.ViewCountAsync(second)));
    }
}
