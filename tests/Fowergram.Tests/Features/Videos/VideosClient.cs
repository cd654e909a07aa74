using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Videos;

/// <summary>Drives long-form videos and series over HTTP the way a client does; users and relationships come from <see cref="PostsClient"/>.</summary>
public sealed class VideosClient(FowergramApp app)
{
    public PostsClient Posts { get; } = new(app);
    public FowergramApp App => app;

    public Task<TestUser> NewUserAsync(bool isPrivate = false) => Posts.NewUserAsync(isPrivate);

    /// <summary>A video-purpose slot with an MP4 already PUT to its URL.</summary>
    public async Task<Slot> UploadAsync(TestUser user, string purpose = "video") =>
        (await Posts.Media.UploadedAsync(user, purpose, "video/mp4", MediaSamples.Mp4())).Slot;

    public Task<HttpResponseMessage> CreateAsync(TestUser user, object body) => Posts.SendAsync(HttpMethod.Post, "/api/v1/videos", user, body);

    /// <summary>Creates a video from a fresh MP4; asserts 201 and returns the body.</summary>
    public async Task<JsonElement> CreateVideoAsync(TestUser user, string title = "Episode", bool published = true, Guid? seriesId = null,
        int durationSeconds = 600)
    {
        var slot = await UploadAsync(user);
        var response = await CreateAsync(user, new { uploadId = slot.UploadId, title, durationSeconds, published, seriesId });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public async Task<Guid> VideoIdAsync(TestUser user, string title = "Episode", bool published = true, Guid? seriesId = null) =>
        (await CreateVideoAsync(user, title, published, seriesId)).GetProperty("id").GetGuid();

    public async Task<Guid> SeriesIdAsync(TestUser user, string title = "Season one") =>
        (await (await SendAsync(HttpMethod.Post, "/api/v1/series", user, new { title, description = "All of it" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, TestUser? user, object? body = null) =>
        Posts.SendAsync(method, path, user, body);

    public Task<HttpResponseMessage> GetAsync(string path, TestUser? user) => Posts.GetAsync(path, user);

    /// <summary>The ids of a page's items (a list answer, or the videos of a series).</summary>
    public static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    public Task<long> ViewCountAsync(Guid videoId) =>
        Posts.ScalarAsync<long>("SELECT view_count FROM igtv_stats WHERE video_id = @videoId", new { videoId });

    public Task<long> ViewRowsAsync(Guid videoId) =>
        Posts.ScalarAsync<long>("SELECT count(*) FROM igtv_views WHERE video_id = @videoId", new { videoId });

    /// <summary>
    /// Drives the relay and dispatcher until every consumer that handles an event about these videos has processed it;
    /// after a few seconds hands what is still unprocessed to ConsumerRunner directly (exactly once), as ReelsClient does.
    /// </summary>
    public async Task SettleAsync(params Guid[] videoIds)
    {
        var relay = app.Services.GetRequiredService<OutboxRelay>();
        var dispatcher = app.Services.GetRequiredService<DeliveryDispatcher>();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            await relay.RelayAllAsync(CancellationToken.None);
            while (await dispatcher.DispatchOnceAsync(CancellationToken.None) > 0) { }
            var pending = await UnprocessedAsync(videoIds);
            if (pending.Count == 0) return;
            if (DateTime.UtcNow > deadline)
            {
                var runner = app.Services.GetRequiredService<ConsumerRunner>();
                foreach (var (consumer, envelope) in pending) await runner.RunAsync(consumer, envelope, CancellationToken.None);
                return;
            }
            await Task.Delay(25);
        }
    }

    /// <summary>The events about these videos, oldest first.</summary>
    public async Task<List<EventEnvelope>> EventsAsync(params Guid[] videoIds)
    {
        var keys = videoIds.Select(id => id.ToString("D")).ToArray();
        await using var conn = await Posts.Db.OpenConnectionAsync();
        var rows = await conn.QueryAsync<(Guid Id, string Type, Guid? ActorId, string Payload, DateTime OccurredAt)>(
            "SELECT id, type, actor_id, payload::text, occurred_at FROM outbox WHERE payload->>'videoId' = ANY(@keys) ORDER BY occurred_at, id", new { keys });
        return rows.Select(r => new EventEnvelope(r.Id, r.Type, r.ActorId, JsonDocument.Parse(r.Payload).RootElement.Clone(),
            new DateTimeOffset(DateTime.SpecifyKind(r.OccurredAt, DateTimeKind.Utc)))).ToList();
    }

    private async Task<List<(string Consumer, EventEnvelope Envelope)>> UnprocessedAsync(Guid[] videoIds)
    {
        var consumers = app.Services.GetServices<IEventConsumer>().ToList();
        var events = await EventsAsync(videoIds);
        var ids = events.Select(e => e.Id).ToArray();
        await using var conn = await Posts.Db.OpenConnectionAsync();
        var processed = (await conn.QueryAsync<(string Consumer, Guid EventId)>(
            "SELECT consumer, event_id FROM processed_events WHERE event_id = ANY(@ids)", new { ids })).ToHashSet();
        return events.SelectMany(e => consumers.Where(c => c.Handles(e.Type) && !processed.Contains((c.Name, e.Id))).Select(c => (c.Name, e))).ToList();
    }
}
