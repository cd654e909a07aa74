using System.Text.Json;
using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// Events written straight to the outbox as already published, so no relay delivers them: the test hands
/// them to consumers itself (duplicates, reordering) or leaves them in flight.
/// </summary>
public sealed class EngagementEvents(FowergramApp app, PostsClient posts)
{
    public ConsumerRunner Runner => app.Services.GetRequiredService<ConsumerRunner>();

    public async Task<EventEnvelope> InFlightAsync(string type, Guid actorId, object payload)
    {
        var id = Guid.CreateVersion7();
        var json = JsonSerializer.Serialize(payload, ApiJson.Options);
        var occurredAt = app.Clock.GetUtcNow();
        await posts.ExecuteAsync("""
            INSERT INTO outbox (id, type, actor_id, payload, occurred_at, published_at)
            VALUES (@id, @type, @actorId, @json::jsonb, @occurredAt, @occurredAt)
            """, new { id, type, actorId, json, occurredAt });
        return new EventEnvelope(id, type, actorId, JsonDocument.Parse(json).RootElement.Clone(), occurredAt);
    }

    public object Like(Guid postId, Guid authorId, Guid userId) => new { postId, authorId, userId, entityType = "post", entityId = postId };

    /// <summary>A like row and its post.liked event, as LikesApi writes them, but not delivered.</summary>
    public async Task<EventEnvelope> LikeRowAsync(Guid postId, Guid authorId, Guid userId)
    {
        await posts.ExecuteAsync("INSERT INTO likes (user_id, post_id, created_at) VALUES (@userId, @postId, now())", new { userId, postId });
        return await InFlightAsync("post.liked", userId, Like(postId, authorId, userId));
    }

    public async Task<EventEnvelope> UnlikeRowAsync(Guid postId, Guid authorId, Guid userId)
    {
        await posts.ExecuteAsync("DELETE FROM likes WHERE user_id = @userId AND post_id = @postId", new { userId, postId });
        return await InFlightAsync("post.unliked", userId, Like(postId, authorId, userId));
    }

    public Task<long> NotificationsAsync(Guid recipient, string type, Guid entityId) => posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @recipient AND type = @type AND entity_id = @entityId", new { recipient, type, entityId });
}
