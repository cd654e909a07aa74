using System.Text.Json;
using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Server.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Infrastructure;

/// <summary>
/// The outbox events about some entities (those whose payload carries one of their ids under <c>payloadKey</c>, e.g.
/// "reelId"), and a way to have every consumer that handles them process them — what the posts, reels and videos clients share.
/// </summary>
public sealed class EntityEvents(FowergramApp app, string payloadKey)
{
    private NpgsqlDataSource Db => app.Services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>
    /// Drives the relay and dispatcher until every consumer that handles an event about these entities has processed it; after a
    /// few seconds hands what is still unprocessed to ConsumerRunner directly (exactly once, like a redelivery).
    /// </summary>
    public async Task SettleAsync(params Guid[] ids)
    {
        var relay = app.Services.GetRequiredService<OutboxRelay>();
        var dispatcher = app.Services.GetRequiredService<DeliveryDispatcher>();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            await relay.RelayAllAsync(CancellationToken.None);
            while (await dispatcher.DispatchOnceAsync(CancellationToken.None) > 0) { }
            var pending = await UnprocessedAsync(ids);
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

    /// <summary>The events about these entities, oldest first.</summary>
    public async Task<List<EventEnvelope>> ListAsync(params Guid[] ids)
    {
        var keys = ids.Select(id => id.ToString("D")).ToArray();
        await using var conn = await Db.OpenConnectionAsync();
        var rows = await conn.QueryAsync<(Guid Id, string Type, Guid? ActorId, string Payload, DateTime OccurredAt)>(
            "SELECT id, type, actor_id, payload::text, occurred_at FROM outbox WHERE payload->>@payloadKey = ANY(@keys) ORDER BY occurred_at, id",
            new { payloadKey, keys });
        return rows.Select(r => new EventEnvelope(r.Id, r.Type, r.ActorId, JsonDocument.Parse(r.Payload).RootElement.Clone(),
            new DateTimeOffset(DateTime.SpecifyKind(r.OccurredAt, DateTimeKind.Utc)))).ToList();
    }

    private async Task<List<(string Consumer, EventEnvelope Envelope)>> UnprocessedAsync(Guid[] ids)
    {
        var consumers = app.Services.GetServices<IEventConsumer>().ToList();
        var events = await ListAsync(ids);
        var eventIds = events.Select(e => e.Id).ToArray();
        await using var conn = await Db.OpenConnectionAsync();
        var processed = (await conn.QueryAsync<(string Consumer, Guid EventId)>(
            "SELECT consumer, event_id FROM processed_events WHERE event_id = ANY(@eventIds)", new { eventIds })).ToHashSet();
        return events.SelectMany(e => consumers.Where(c => c.Handles(e.Type) && !processed.Contains((c.Name, e.Id))).Select(c => (c.Name, e))).ToList();
    }
}
