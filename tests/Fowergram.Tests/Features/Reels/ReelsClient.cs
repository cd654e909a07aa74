using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Reels;

/// <summary>Drives reels over HTTP the way a client does; users and relationships come from <see cref="PostsClient"/>.</summary>
public sealed class ReelsClient(FowergramApp app)
{
    public PostsClient Posts { get; } = new(app);
    public FowergramApp App => app;

    public Task<TestUser> NewUserAsync(bool isPrivate = false) => Posts.NewUserAsync(isPrivate);

    /// <summary>A reel-purpose slot with an MP4 already PUT to its URL.</summary>
    public async Task<Slot> VideoAsync(TestUser user, string purpose = "reel") =>
        (await Posts.Media.UploadedAsync(user, purpose, "video/mp4", MediaSamples.Mp4())).Slot;

    public async Task<HttpResponseMessage> CreateAsync(TestUser user, object body) => await Posts.SendAsync(HttpMethod.Post, "/api/v1/reels", user, body);

    /// <summary>Creates a reel from a fresh MP4; asserts 201 and returns the body.</summary>
    public async Task<JsonElement> CreateReelAsync(TestUser user, string caption = "", int durationSeconds = 15, Guid? audioTrackId = null,
        bool commentsDisabled = false, bool likesDisabled = false)
    {
        var slot = await VideoAsync(user);
        var response = await CreateAsync(user, new { uploadId = slot.UploadId, caption, durationSeconds, audioTrackId, commentsDisabled, likesDisabled });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public async Task<Guid> ReelIdAsync(TestUser user, string caption = "", Guid? audioTrackId = null) =>
        (await CreateReelAsync(user, caption, audioTrackId: audioTrackId)).GetProperty("id").GetGuid();

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, TestUser? user, object? body = null) =>
        Posts.SendAsync(method, path, user, body);

    public Task<HttpResponseMessage> GetAsync(string path, TestUser? user) => Posts.GetAsync(path, user);

    public async Task<Guid> CommentAsync(TestUser user, Guid reelId, string content, Guid? parentId = null) =>
        (await (await SendAsync(HttpMethod.Post, $"/api/v1/reels/{reelId}/comments", user, new { content, parentId }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public async Task<Guid> AudioTrackAsync()
    {
        var id = Guid.CreateVersion7();
        await Posts.ExecuteAsync("INSERT INTO audio_tracks (id, title, artist, audio_blob_name, duration) VALUES (@id, 'Sound', 'Artist', 'audio/x', 30)",
            new { id });
        return id;
    }

    public Task<long> StatAsync(Guid reelId, string column) =>
        Posts.ScalarAsync<long>($"SELECT {column} FROM reel_stats WHERE reel_id = @reelId", new { reelId });

    public Task<long> LikeRowsAsync(Guid reelId) => Posts.ScalarAsync<long>("SELECT count(*) FROM reel_likes WHERE reel_id = @reelId", new { reelId });

    /// <summary>
    /// Drives the relay and dispatcher until every consumer that handles an event about these reels has processed it; after a
    /// few seconds hands what is still unprocessed to ConsumerRunner directly (exactly once), as PostsClient.SettleAsync does.
    /// </summary>
    public async Task SettleAsync(params Guid[] reelIds)
    {
        var relay = app.Services.GetRequiredService<OutboxRelay>();
        var dispatcher = app.Services.GetRequiredService<DeliveryDispatcher>();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            await relay.RelayAllAsync(CancellationToken.None);
            while (await dispatcher.DispatchOnceAsync(CancellationToken.None) > 0) { }
            var pending = await UnprocessedAsync(reelIds);
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

    /// <summary>The events about these reels, oldest first.</summary>
    public async Task<List<EventEnvelope>> EventsAsync(params Guid[] reelIds)
    {
        var keys = reelIds.Select(id => id.ToString("D")).ToArray();
        await using var conn = await Posts.Db.OpenConnectionAsync();
        var rows = await conn.QueryAsync<(Guid Id, string Type, Guid? ActorId, string Payload, DateTime OccurredAt)>(
            "SELECT id, type, actor_id, payload::text, occurred_at FROM outbox WHERE payload->>'reelId' = ANY(@keys) ORDER BY occurred_at, id", new { keys });
        return rows.Select(r => new EventEnvelope(r.Id, r.Type, r.ActorId, JsonDocument.Parse(r.Payload).RootElement.Clone(),
            new DateTimeOffset(DateTime.SpecifyKind(r.OccurredAt, DateTimeKind.Utc)))).ToList();
    }

    private async Task<List<(string Consumer, EventEnvelope Envelope)>> UnprocessedAsync(Guid[] reelIds)
    {
        var consumers = app.Services.GetServices<IEventConsumer>().ToList();
        var events = await EventsAsync(reelIds);
        var ids = events.Select(e => e.Id).ToArray();
        await using var conn = await Posts.Db.OpenConnectionAsync();
        var processed = (await conn.QueryAsync<(string Consumer, Guid EventId)>(
            "SELECT consumer, event_id FROM processed_events WHERE event_id = ANY(@ids)", new { ids })).ToHashSet();
        return events.SelectMany(e => consumers.Where(c => c.Handles(e.Type) && !processed.Contains((c.Name, e.Id))).Select(c => (c.Name, e))).ToList();
    }
}
