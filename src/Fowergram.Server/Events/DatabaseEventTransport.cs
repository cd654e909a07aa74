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
    // One statement for the whole relay batch: a row per (event, interested consumer).
    private const string InsertSql = """
        INSERT INTO event_deliveries (consumer, event_id, envelope, next_attempt_at)
        SELECT d.consumer, d.event_id, d.envelope::jsonb, @now FROM unnest(@consumers, @eventIds, @envelopes) AS d(consumer, event_id, envelope)
        ON CONFLICT (consumer, event_id) DO NOTHING
        """;

    public async Task PublishAsync(IReadOnlyList<EventEnvelope> events, CancellationToken ct)
    {
        var (consumers, eventIds, envelopes) = (new List<string>(), new List<Guid>(), new List<string>());
        foreach (var envelope in events)
        {
            var json = envelope.ToJson();
            foreach (var consumer in runner.Consumers.Where(c => c.Handles(envelope.Type)))
            {
                consumers.Add(consumer.Name);
                eventIds.Add(envelope.Id);
                envelopes.Add(json);
            }
        }
        if (consumers.Count == 0) return;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            consumers = consumers.ToArray(), eventIds = eventIds.ToArray(), envelopes = envelopes.ToArray(), now = time.GetUtcNow(),
        }, cancellationToken: ct));
        signal.Set();
    }
}

/// <summary>
/// Wakes the dispatcher's loops (one per consumer) as soon as deliveries were written, instead of waiting for their poll.
/// A loop takes <see cref="Next"/> before it claims, so a signal that comes while it claims still wakes it.
/// </summary>
public sealed class DeliverySignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Set"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Set() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
