using System.Collections.Concurrent;
using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Fowergram.Platform.Telemetry;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Server.Events;

/// <summary>
/// Peek-lock delivery, as Service Bus does it: claim due rows by setting <c>locked_until</c>, run
/// them through <see cref="ConsumerRunner"/>, then complete (delete, in the consumer's transaction),
/// abandon (retry later with exponential backoff) or dead-letter after <see cref="EventOptions.MaxDeliveryCount"/> attempts.
/// A dispatcher that dies mid-way leaves its rows locked until the lock expires, then they are redelivered.
/// </summary>
public sealed class DeliveryDispatcher(NpgsqlDataSource db, ConsumerRunner runner, TimeProvider time,
    IOptions<EventOptions> options, ILogger<DeliveryDispatcher> logger)
{
    private readonly string[] _known = runner.Consumers.Select(c => c.Name).ToArray();

    /// <summary>The consumers this host runs: the background service dispatches for each on its own.</summary>
    public IReadOnlyList<string> Consumers => _known;

    // Handed out oldest first, and events of one moment in id order (ids are time-ordered UUIDv7): a
    // consumer's share then sees a like before the unlike that undoes it. Not needed for correctness
    // (post-counters pairs them either way), but the pairing costs a look-up.
    private const string ClaimSql = """
        WITH claimed AS (
            UPDATE event_deliveries d
            SET locked_until = @lockedUntil, delivery_count = d.delivery_count + 1
            FROM (SELECT consumer, event_id FROM event_deliveries
                  WHERE next_attempt_at <= @now AND (locked_until IS NULL OR locked_until <= @now)
                    AND consumer = ANY(@known) -- another host instance may run consumers this one lacks
                  ORDER BY next_attempt_at
                  LIMIT @limit
                  FOR UPDATE SKIP LOCKED) due
            WHERE d.consumer = due.consumer AND d.event_id = due.event_id
            RETURNING d.consumer, d.event_id, d.envelope, d.delivery_count, d.next_attempt_at
        )
        SELECT consumer, event_id, envelope::text AS envelope, delivery_count FROM claimed ORDER BY next_attempt_at, event_id
        """;

    private const string CompleteSql = "DELETE FROM event_deliveries WHERE consumer = @consumer AND event_id = ANY(@eventIds)";

    // Release, abandon and dead-letter touch a delivery only while the claim is still this one (delivery_count is what the
    // claim set it to): one whose lock was lost to another claim while it ran belongs to that claim (DeliveryLockRenewal).
    private const string ReleaseSql = """
        UPDATE event_deliveries d SET locked_until = NULL, delivery_count = greatest(d.delivery_count - 1, 0)
        FROM unnest(@consumers, @eventIds, @counts) AS held(consumer, event_id, delivery_count)
        WHERE d.consumer = held.consumer AND d.event_id = held.event_id AND d.delivery_count = held.delivery_count
        """;

    private const string AbandonSql = """
        UPDATE event_deliveries SET locked_until = NULL, next_attempt_at = @retryAt, last_error = @error
        WHERE consumer = @consumer AND event_id = @eventId AND delivery_count = @deliveryCount
        """;

    private const string DeadLetterSql = """
        WITH moved AS (DELETE FROM event_deliveries WHERE consumer = @consumer AND event_id = @eventId AND delivery_count = @deliveryCount
                       RETURNING envelope)
        INSERT INTO dead_letters (id, consumer, event_id, event_type, envelope, error, delivery_count, dead_lettered_at)
        SELECT @id, @consumer, @eventId, coalesce(moved.envelope->>'type', 'unknown'), moved.envelope, @error, @deliveryCount, @now FROM moved
        ON CONFLICT (consumer, event_id) DO NOTHING
        """;

    /// <summary>
    /// Runs one batch of due deliveries; returns how many were attempted. Each consumer's share of the batch
    /// is applied in one transaction, in claim order (<see cref="ConsumerRunner.RunManyAsync"/>), and
    /// completed in the same transaction; consumers are independent of each other, as Service Bus
    /// subscriptions are. A share that fails is run again one delivery at a time, so only the failing
    /// delivery is abandoned or dead-lettered, and it counts one attempt. With <paramref name="consumer"/>, only that
    /// consumer's deliveries are claimed (the background service's loop for it).
    /// </summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct, int? limit = null, string? consumer = null)
    {
        var now = time.GetUtcNow();
        List<Delivery> batch;
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            batch = (await conn.QueryAsync<Delivery>(new CommandDefinition(ClaimSql, new
            {
                now, lockedUntil = now + options.Value.DeliveryLockDuration, limit = limit ?? options.Value.DeliveryBatchSize,
                known = consumer is null ? _known : _known.Where(k => k == consumer).ToArray(),
            }, cancellationToken: ct))).ToList();
        }
        var unsettled = new ConcurrentDictionary<Delivery, bool>(batch.Select(d => KeyValuePair.Create(d, true)));
        try
        {
            // The consumers' shares run side by side, each on its own connection, as separate subscriptions do; their locks
            // are renewed until they settle.
            await using (new DeliveryLockRenewal(db, time, options.Value, logger, () => unsettled.Keys))
                await Task.WhenAll(batch.GroupBy(d => d.Consumer).Select(share => DeliverAsync(share.Key, share.ToList(), unsettled, ct)));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: hand back what this batch still holds, as Service Bus abandons on close,
            // so another instance (or the next start) takes it at once instead of after the lock expires.
            await ReleaseAsync(batch.Where(unsettled.ContainsKey).ToList());
            throw;
        }
        return batch.Count;
    }

    private async Task ReleaseAsync(IReadOnlyList<Delivery> deliveries)
    {
        if (deliveries.Count == 0) return;
        await using var conn = await db.OpenConnectionAsync(CancellationToken.None);
        await conn.ExecuteAsync(new CommandDefinition(ReleaseSql, new
        {
            consumers = deliveries.Select(d => d.Consumer).ToArray(),
            eventIds = deliveries.Select(d => d.EventId).ToArray(),
            counts = deliveries.Select(d => d.DeliveryCount).ToArray(),
        }, cancellationToken: CancellationToken.None));
    }

    /// <summary>One consumer's deliveries: together when they all apply, else one by one (<see cref="ConsumerRunner.RunManyAsync"/>).</summary>
    private async Task DeliverAsync(string consumer, List<Delivery> share, ConcurrentDictionary<Delivery, bool> unsettled, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var readable = new List<(Delivery Delivery, EventEnvelope Envelope)>(share.Count);
        foreach (var delivery in share)
        {
            try
            {
                readable.Add((delivery, EventEnvelope.FromJson(delivery.Envelope)));
            }
            catch (System.Text.Json.JsonException ex)
            {
                await DeadLetterAsync(delivery, ex, EventMetrics.MalformedEnvelope, ct); // can never succeed: no point retrying
                unsettled.TryRemove(delivery, out _);
            }
        }
        if (readable.Count == 0) return;
        var deliveryOf = readable.ToDictionary(r => (object)r.Envelope, r => r.Delivery, ReferenceEqualityComparer.Instance);
        var errors = await runner.RunManyAsync(consumer, readable.Select(r => r.Envelope).ToList(), (done, conn, tx) =>
            conn.ExecuteAsync(new CommandDefinition(CompleteSql, new { consumer, eventIds = done.Select(e => deliveryOf[e].EventId).ToArray() },
                tx, cancellationToken: ct)), ct);
        for (var i = 0; i < readable.Count; i++)
        {
            if (errors[i] is { } error) await SettleFailureAsync(readable[i].Delivery, error, ct);
            unsettled.TryRemove(readable[i].Delivery, out _);
        }
    }

    private async Task SettleFailureAsync(Delivery delivery, Exception error, CancellationToken ct)
    {
        if (delivery.DeliveryCount >= options.Value.MaxDeliveryCount)
        {
            await DeadLetterAsync(delivery, error, EventMetrics.MaxDeliveryCount, ct);
            return;
        }
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        var backoff = options.Value.RetryDelay(delivery.DeliveryCount);
        logger.LogWarning(error, "Event {EventId} failed in {Consumer} (attempt {DeliveryCount}); retrying in {Backoff}",
            delivery.EventId, delivery.Consumer, delivery.DeliveryCount, backoff);
        await conn.ExecuteAsync(new CommandDefinition(AbandonSql, new
        {
            consumer = delivery.Consumer, eventId = delivery.EventId, retryAt = now + backoff, error = error.Message, deliveryCount = delivery.DeliveryCount,
        }, cancellationToken: ct));
    }

    private async Task DeadLetterAsync(Delivery delivery, Exception error, string reason, CancellationToken ct)
    {
        logger.LogError(error, "Dead-lettering event {EventId} for {Consumer} after {DeliveryCount} attempts",
            delivery.EventId, delivery.Consumer, delivery.DeliveryCount);
        await using var conn = await db.OpenConnectionAsync(ct);
        var moved = await conn.ExecuteAsync(new CommandDefinition(DeadLetterSql, new
        {
            id = Ids.New(time), consumer = delivery.Consumer, eventId = delivery.EventId,
            error = error.ToString(), deliveryCount = delivery.DeliveryCount, now = time.GetUtcNow(),
        }, cancellationToken: ct));
        if (moved > 0) EventMetrics.DeadLettered(delivery.Consumer, reason); // 0: another claim owns it now
    }

    internal sealed record Delivery(string Consumer, Guid EventId, string Envelope, int DeliveryCount);
}
