using Dapper;
using Fowergram.Platform.Telemetry;
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
        var claimed = await ClaimAsync(conn, tx, consumerName, envelope.Id, ct);
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
    /// other (a consumer that does not <see cref="IEventConsumer.SharesTransactions"/> gets its own at once).
    /// Returns, per event, null when it is done (applied, already processed or not handled) or the
    /// error that left it unapplied; the caller settles it (retry later, dead-letter). Cancellation throws.
    /// </summary>
    public async Task<IReadOnlyList<Exception?>> RunManyAsync(string consumerName, IReadOnlyList<EventEnvelope> envelopes,
        Func<IReadOnlyList<EventEnvelope>, NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction, CancellationToken ct)
    {
        // Both hosts deliver through here, so the span and the counts are the same whichever host runs the consumer.
        using var activity = EventMetrics.StartProcessing(consumerName, envelopes.Count);
        var errors = await RunEachOrAllAsync(consumerName, envelopes, alsoInTransaction, ct);
        EventMetrics.Record(consumerName, errors);
        return errors;
    }

    private async Task<IReadOnlyList<Exception?>> RunEachOrAllAsync(string consumerName, IReadOnlyList<EventEnvelope> envelopes,
        Func<IReadOnlyList<EventEnvelope>, NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction, CancellationToken ct)
    {
        var errors = new Exception?[envelopes.Count];
        if (envelopes.Count > 1 && Get(consumerName).SharesTransactions)
        {
            try
            {
                await RunBatchAsync(consumerName, envelopes, alsoInTransaction, ct);
                return errors;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogDebug(ex, "A batch of {Count} events for {Consumer} failed; running them one by one", envelopes.Count, consumerName);
            }
        }
        for (var i = 0; i < envelopes.Count; i++)
        {
            try
            {
                await RunAloneAsync(consumerName, envelopes[i], alsoInTransaction, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                errors[i] = ex;
            }
        }
        return errors;
    }

    /// <summary>How often one event alone is tried when the database reports a transient failure.</summary>
    public const int TransientAttempts = 3;

    /// <summary>
    /// One event in its own transaction, tried again at once when the database chose it as a deadlock
    /// victim (or reported another transient failure): a batch of the same consumer running beside it
    /// locks rows in its events' order, not in any global one, so the two can deadlock; PostgreSQL then
    /// rolls one back and the other proceeds. Settling that as a failure would hold the event back for a
    /// whole retry delay — and anyone waiting for the pipeline to drain would see it idle but behind.
    /// </summary>
    private async Task RunAloneAsync(string consumerName, EventEnvelope envelope,
        Func<IReadOnlyList<EventEnvelope>, NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunBatchAsync(consumerName, [envelope], alsoInTransaction, ct);
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && attempt < TransientAttempts)
            {
                logger.LogDebug(ex, "Event {EventId} for {Consumer} hit a transient failure (attempt {Attempt}); trying again",
                    envelope.Id, consumerName, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50) * attempt), ct); // let the other transaction finish
            }
        }
    }

    /// <summary>
    /// Runs one consumer on several events in one transaction, with the guarantee of <see cref="RunAsync"/>:
    /// in the given order, each event's marker and, when the marker is new, the consumer's effect, exactly
    /// as if each ran alone; then <paramref name="alsoInTransaction"/> (the Server host completing its
    /// deliveries) commits with them. All or nothing: when anything fails nothing is applied and the
    /// exception propagates (a deadlock with a concurrent batch included; <see cref="RunManyAsync"/> then
    /// runs the events one by one). One transaction per batch instead of one per event is what lets the
    /// consumers keep up with a hot write path (docs/events.md).
    /// </summary>
    public async Task<IReadOnlyList<ConsumeOutcome>> RunBatchAsync(string consumerName, IReadOnlyList<EventEnvelope> envelopes,
        Func<IReadOnlyList<EventEnvelope>, NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction, CancellationToken ct)
    {
        var consumer = Get(consumerName);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var outcomes = new List<ConsumeOutcome>(envelopes.Count);
        var keys = envelopes.Select(e => consumer.Handles(e.Type) ? consumer.RunKey(e) : null).ToArray();
        for (var i = 0; i < envelopes.Count;)
        {
            var envelope = envelopes[i];
            var runEnd = RunEnd(keys, i);
            if (runEnd - i > 1)
            {
                outcomes.AddRange(await RunSetAsync(consumer, envelopes.Skip(i).Take(runEnd - i).ToList(), conn, tx, ct));
                i = runEnd;
                continue;
            }
            if (!consumer.Handles(envelope.Type))
                outcomes.Add(ConsumeOutcome.NotHandled);
            // Each marker goes in just before its effect, never all up front: a consumer may look for events
            // still unprocessed (post-counters pairing an unlike with its like in flight, or recounting), and
            // a marker written early would tell it that a later event of this batch was already applied.
            // Runs (IEventConsumer.RunKey) are the exception the consumer vouches for.
            else if (await ClaimAsync(conn, tx, consumerName, envelope.Id, ct) == 0)
                outcomes.Add(ConsumeOutcome.AlreadyProcessed); // also an event listed twice, as a duplicate delivery
            else
            {
                await consumer.HandleAsync(envelope, conn, tx, ct);
                outcomes.Add(ConsumeOutcome.Applied);
            }
            i++;
        }
        if (alsoInTransaction is not null) await alsoInTransaction(envelopes, conn, tx);
        await tx.CommitAsync(ct);
        return outcomes;
    }

    /// <summary>Where the run that starts at <paramref name="start"/> ends (exclusive): start + 1 when the event has no run key.</summary>
    private static int RunEnd(string?[] keys, int start)
    {
        var end = start + 1;
        if (keys[start] is not { } key) return end;
        while (end < keys.Length && keys[end] == key) end++;
        return end;
    }

    /// <summary>A run: its markers in one statement, then the consumer's set-based effect on the events that were new.</summary>
    private static async Task<IEnumerable<ConsumeOutcome>> RunSetAsync(IEventConsumer consumer, List<EventEnvelope> run,
        NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var marked = (await conn.QueryAsync<Guid>(new CommandDefinition("""
            INSERT INTO processed_events (consumer, event_id) SELECT @consumer, id FROM unnest(@eventIds) AS id
            ON CONFLICT (consumer, event_id) DO NOTHING
            RETURNING event_id
            """, new { consumer = consumer.Name, eventIds = run.Select(e => e.Id).Distinct().ToArray() }, tx, cancellationToken: ct))).ToHashSet();
        var outcomes = new List<ConsumeOutcome>(run.Count);
        var applied = new List<EventEnvelope>(marked.Count);
        foreach (var envelope in run)
        {
            // Removed once taken: an event listed twice applies once, as a duplicate delivery does.
            var isNew = marked.Remove(envelope.Id);
            if (isNew) applied.Add(envelope);
            outcomes.Add(isNew ? ConsumeOutcome.Applied : ConsumeOutcome.AlreadyProcessed);
        }
        if (applied.Count > 0) await consumer.HandleRunAsync(applied, conn, tx, ct);
        return outcomes;
    }

    /// <summary>1 when this call wrote the marker, 0 when the event was already processed (a concurrent duplicate waits here for the other's commit).</summary>
    private static Task<int> ClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string consumer, Guid eventId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO processed_events (consumer, event_id) VALUES (@consumer, @eventId)
            ON CONFLICT (consumer, event_id) DO NOTHING
            """, new { consumer, eventId }, tx, cancellationToken: ct));
}
