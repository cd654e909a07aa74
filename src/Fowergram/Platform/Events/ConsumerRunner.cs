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

    /// <summary>
    /// Runs one consumer on several events, as both hosts deliver them: all in one transaction
    /// (<see cref="RunBatchAsync"/>), and when that fails, each in its own, so one bad event holds back no
    /// other. Returns, per event, null when it is done (applied, already processed or not handled) or the
    /// error that left it unapplied; the caller settles it (retry later, dead-letter). Cancellation throws.
    /// </summary>
    public async Task<IReadOnlyList<Exception?>> RunManyAsync(string consumerName, IReadOnlyList<EventEnvelope> envelopes,
        Func<IReadOnlyList<EventEnvelope>, NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction, CancellationToken ct)
    {
        var errors = new Exception?[envelopes.Count];
        try
        {
            await RunBatchAsync(consumerName, envelopes, alsoInTransaction, ct);
            return errors;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (envelopes.Count == 1)
            {
                errors[0] = ex;
                return errors;
            }
            logger.LogDebug(ex, "A batch of {Count} events for {Consumer} failed; running them one by one", envelopes.Count, consumerName);
        }
        for (var i = 0; i < envelopes.Count; i++)
        {
            try
            {
                await RunBatchAsync(consumerName, [envelopes[i]], alsoInTransaction, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                errors[i] = ex;
            }
        }
        return errors;
    }

    /// <summary>
    /// Runs one consumer on several events in one transaction, with the guarantee of <see cref="RunAsync"/>:
    /// the markers of all events go in with one statement (in id order, so concurrent batches take the
    /// marker locks in the same order), the consumer handles, in the given order, each event it handles and
    /// had not processed, and <paramref name="alsoInTransaction"/> (the Server host completing its
    /// deliveries) commits with them. All or nothing: when anything fails nothing is applied and the
    /// exception propagates. One transaction per batch instead of one per event is what lets the consumers
    /// keep up with a hot write path (docs/events.md).
    /// </summary>
    public async Task<IReadOnlyList<ConsumeOutcome>> RunBatchAsync(string consumerName, IReadOnlyList<EventEnvelope> envelopes,
        Func<IReadOnlyList<EventEnvelope>, NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction, CancellationToken ct)
    {
        var consumer = Get(consumerName);
        var handled = envelopes.Where(e => consumer.Handles(e.Type)).Select(e => e.Id).Distinct().ToArray();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var claimed = handled.Length == 0 ? [] : (await conn.QueryAsync<Guid>(new CommandDefinition("""
            INSERT INTO processed_events (consumer, event_id)
            SELECT @consumerName, e.id FROM unnest(@handled) AS e(id) ORDER BY e.id
            ON CONFLICT (consumer, event_id) DO NOTHING
            RETURNING event_id
            """, new { consumerName, handled }, tx, cancellationToken: ct))).ToHashSet();
        var outcomes = new List<ConsumeOutcome>(envelopes.Count);
        foreach (var envelope in envelopes)
        {
            if (!consumer.Handles(envelope.Type))
                outcomes.Add(ConsumeOutcome.NotHandled);
            else if (!claimed.Remove(envelope.Id)) // removed: an event listed twice applies once, as a duplicate delivery does
                outcomes.Add(ConsumeOutcome.AlreadyProcessed);
            else
            {
                await consumer.HandleAsync(envelope, conn, tx, ct);
                outcomes.Add(ConsumeOutcome.Applied);
            }
        }
        if (alsoInTransaction is not null) await alsoInTransaction(envelopes, conn, tx);
        await tx.CommitAsync(ct);
        return outcomes;
    }
}
