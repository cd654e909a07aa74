using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Platform.Events;

public enum ConsumeOutcome { Applied, AlreadyProcessed, NotHandled }

/// <summary>
/// Runs one consumer on one event exactly once: the processed marker and the consumer's effects
/// commit in one transaction, so a redelivered or duplicated message finds the marker and does
/// nothing, and a failure rolls both back so the retry starts clean. Both hosts call this.
/// </summary>
public sealed class ConsumerRunner(NpgsqlDataSource db, IEnumerable<IEventConsumer> consumers, ILogger<ConsumerRunner> logger)
{
    private readonly Dictionary<string, IEventConsumer> _byName = consumers.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<IEventConsumer> Consumers => _byName.Values;

    public IEventConsumer Get(string name) => _byName.TryGetValue(name, out var consumer) ? consumer
        : throw new InvalidOperationException($"No event consumer is named '{name}'.");

    public async Task<ConsumeOutcome> RunAsync(string consumerName, EventEnvelope envelope, CancellationToken ct)
    {
        var consumer = Get(consumerName);
        if (!consumer.Handles(envelope.Type)) return ConsumeOutcome.NotHandled;

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // A concurrent duplicate blocks here on the uncommitted marker, then sees the conflict.
        var claimed = await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO processed_events (consumer, event_id) VALUES (@consumerName, @Id)
            ON CONFLICT (consumer, event_id) DO NOTHING
            """, new { consumerName, envelope.Id }, tx, cancellationToken: ct));
        if (claimed == 0)
        {
            logger.LogDebug("Event {EventId} already processed by {Consumer}", envelope.Id, consumerName);
            return ConsumeOutcome.AlreadyProcessed;
        }
        await consumer.HandleAsync(envelope, conn, tx, ct);
        await tx.CommitAsync(ct);
        return ConsumeOutcome.Applied;
    }
}
