using Dapper;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Server.Events;

/// <summary>
/// The Server host's transport: one durable delivery row per (consumer, event) in PostgreSQL, the
/// same fan-out a Service Bus topic does with one subscription per consumer. A republished event
/// (relay crashed before marking it) hits the primary key and is not delivered twice.
/// </summary>
internal sealed class DatabaseEventTransport(NpgsqlDataSource db, ConsumerRunner runner, TimeProvider time, DeliverySignal signal)
    : IEventTransport
{
    private const string InsertSql = """
        INSERT INTO event_deliveries (consumer, event_id, envelope, next_attempt_at)
        SELECT consumer, @eventId, @envelope::jsonb, @now FROM unnest(@consumers) AS consumer
        ON CONFLICT (consumer, event_id) DO NOTHING
        """;

    public async Task PublishAsync(IReadOnlyList<EventEnvelope> events, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        foreach (var envelope in events)
        {
            var consumers = runner.Consumers.Where(c => c.Handles(envelope.Type)).Select(c => c.Name).ToArray();
            if (consumers.Length == 0) continue;
            await conn.ExecuteAsync(new CommandDefinition(InsertSql,
                new { eventId = envelope.Id, envelope = envelope.ToJson(), now, consumers }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        signal.Set();
    }
}

/// <summary>Wakes the dispatcher as soon as deliveries were written, instead of waiting for its poll.</summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        try { _semaphore.Release(); }
        catch (SemaphoreFullException) { } // already signalled
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);
}
