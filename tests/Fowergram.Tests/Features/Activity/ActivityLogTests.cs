using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Server.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Activity;

[Collection(ApiCollection.Name)]
public sealed class ActivityLogTests(FowergramApp app)
{
    [Fact]
    public async Task Event_with_an_actor_is_recorded_as_user_activity()
    {
        var userId = await InsertUserAsync();
        var entityId = Guid.NewGuid();
        await EnqueueAsync("post.created", userId, new { entityType = "post", entityId = entityId.ToString(), caption = "hi" });

        await app.Services.GetRequiredService<EventPipeline>().DrainAsync();

        var row = await QuerySingleAsync(userId);
        Assert.Equal(("post.created", "post", entityId), (row.ActivityType, row.EntityType, row.EntityId));
    }

    [Fact]
    public async Task Background_relay_delivers_promptly_after_commit()
    {
        var userId = await InsertUserAsync();
        await EnqueueAsync("profile.updated", userId, new { });

        // No drain: the LISTEN/NOTIFY relay and the dispatcher do it on their own. Poll with a deadline.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        long count;
        while ((count = await CountAsync(userId)) == 0 && DateTime.UtcNow < deadline) await Task.Delay(25);
        Assert.Equal(1, count);
    }

    private async Task<Guid> InsertUserAsync()
    {
        var db = await TestDatabase.GetAsync();
        var id = Guid.CreateVersion7();
        var name = "act" + id.ToString("N")[..20];
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("INSERT INTO users (id, email, username, hashed_password) VALUES (@id, @email, @name, 'x')",
            new { id, email = name + "@example.com", name });
        return id;
    }

    private async Task EnqueueAsync(string type, Guid actor, object payload)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await Outbox.EnqueueAsync(conn, tx, app.Clock, type, actor, payload, default);
        await tx.CommitAsync();
    }

    private static async Task<(string ActivityType, string EntityType, Guid EntityId)> QuerySingleAsync(Guid userId)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(string, string, Guid)>(
            "SELECT activity_type, entity_type, entity_id FROM user_activities WHERE user_id = @userId", new { userId });
    }

    private static async Task<long> CountAsync(Guid userId)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM user_activities WHERE user_id = @userId", new { userId });
    }
}
