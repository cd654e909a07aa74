using System.Net;
using System.Text.Json;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Live;

/// <summary>Drives live broadcasts over HTTP the way a client does; users and relationships come from <see cref="PostsClient"/>.</summary>
public sealed class LiveClient(FowergramApp app)
{
    public PostsClient Posts { get; } = new(app);
    public FowergramApp App => app;

    public Task<TestUser> NewUserAsync(bool isPrivate = false) => Posts.NewUserAsync(isPrivate);

    public Task<HttpResponseMessage> CreateAsync(TestUser user, object body) => Posts.SendAsync(HttpMethod.Post, "/api/v1/live", user, body);

    /// <summary>Creates a broadcast; asserts 201 and returns the body (stream, ingestUrl, streamKey).</summary>
    public async Task<JsonElement> CreateStreamAsync(TestUser user, string title = "Going live", DateTimeOffset? scheduledAt = null) =>
        await (await CreateAsync(user, new { title, description = "Come say hi", scheduledAt })).ReadJsonAsync(HttpStatusCode.Created);

    public async Task<Guid> StreamIdAsync(TestUser user, string title = "Going live") =>
        (await CreateStreamAsync(user, title)).GetProperty("stream").GetProperty("id").GetGuid();

    /// <summary>A broadcast that is live now.</summary>
    public async Task<Guid> LiveStreamIdAsync(TestUser user, string title = "Going live")
    {
        var id = await StreamIdAsync(user, title);
        await (await PostAsync($"/api/v1/live/{id}/start", user)).ReadJsonAsync();
        return id;
    }

    public Task<HttpResponseMessage> PostAsync(string path, TestUser? user, object? body = null) => Posts.SendAsync(HttpMethod.Post, path, user, body);

    public Task<HttpResponseMessage> GetAsync(string path, TestUser? user) => Posts.GetAsync(path, user);

    /// <summary>Writes a comment on a live broadcast (201 expected) and answers its id.</summary>
    public async Task<Guid> CommentAsync(Guid stream, TestUser who, string content) =>
        (await (await PostAsync($"/api/v1/live/{stream}/comments", who, new { content })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public async Task<(long Viewers, long Peak, long Comments)> StatsAsync(Guid streamId)
    {
        var row = (await Posts.QueryAsync<(long, long, long)>(
            "SELECT viewer_count, max_viewer_count, comment_count FROM live_stream_stats WHERE stream_id = @streamId", new { streamId })).Single();
        return row;
    }

    public Task<string> StatusAsync(Guid streamId) => Posts.ScalarAsync<string>("SELECT status FROM live_streams WHERE id = @streamId", new { streamId });

    public static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    /// <summary>Hands every live_stream event of these streams that a consumer has not processed to ConsumerRunner (exactly once).</summary>
    public async Task SettleAsync(params Guid[] streamIds)
    {
        var keys = streamIds.Select(id => id.ToString("D")).ToArray();
        var events = await Posts.QueryAsync<(Guid Id, string Type, Guid? ActorId, string Payload, DateTime OccurredAt)>(
            "SELECT id, type, actor_id, payload::text, occurred_at FROM outbox WHERE payload->>'streamId' = ANY(@keys) ORDER BY occurred_at, id", new { keys });
        var runner = app.Services.GetRequiredService<ConsumerRunner>();
        foreach (var consumer in app.Services.GetServices<IEventConsumer>())
        foreach (var e in events.Where(e => consumer.Handles(e.Type)))
        {
            var done = await Posts.ScalarAsync<long>("SELECT count(*) FROM processed_events WHERE consumer = @c AND event_id = @id", new { c = consumer.Name, id = e.Id });
            if (done > 0) continue;
            var envelope = new EventEnvelope(e.Id, e.Type, e.ActorId, JsonDocument.Parse(e.Payload).RootElement.Clone(),
                new DateTimeOffset(DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc)));
            await runner.RunAsync(consumer.Name, envelope, CancellationToken.None);
        }
    }
}
