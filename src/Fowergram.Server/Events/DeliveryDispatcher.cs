using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Server.Events;

/// <summary>
/// Peek-lock delivery, as Service Bus does it: claim due rows by setting <c>locked_until</c>, run
/// each through <see cref="ConsumerRunner"/>, then complete (delete), abandon (retry later with
/// exponential backoff) or dead-letter after <see cref="EventOptions.MaxDeliveryCount"/> attempts.
/// A dispatcher that dies mid-way leaves its rows locked until the lock expires, then they are redelivered.
/// </summary>
public sealed class DeliveryDispatcher(NpgsqlDataSource db, ConsumerRunner runner, TimeProvider time,
    IOptions<EventOptions> options, ILogger<DeliveryDispatcher> logger)
{
    private readonly string[] _known = runner.Consumers.Select(c => c.Name).ToArray();

    private const string ClaimSql = """
        UPDATE event_deliveries d
        SET locked_until = @lockedUntil, delivery_count = d.delivery_count + 1
        FROM (SELECT consumer, event_id FROM event_deliveries
              WHERE next_attempt_at <= @now AND (locked_until IS NULL OR locked_until <= @now)
                AND consumer = ANY(@known) -- another host instance may run consumers this one lacks
              ORDER BY next_attempt_at
              LIMIT @limit
              FOR UPDATE SKIP LOCKED) due
        WHERE d.consumer = due.consumer AND d.event_id = due.event_id
        RETURNING d.consumer, d.event_id, d.envelope::text AS envelope, d.delivery_count
        """;

    private const string CompleteSql = "DELETE FROM event_deliveries WHERE consumer = @Consumer AND event_id = @EventId";

    // The attempt did not happen, so it does not count towards MaxDeliveryCount.
    private const string ReleaseSql = """
        UPDATE event_deliveries d SET locked_until = NULL, delivery_count = greatest(d.delivery_count - 1, 0)
        FROM unnest(@consumers, @eventIds) AS held(consumer, event_id)
        WHERE d.consumer = held.consumer AND d.event_id = held.event_id
        """;

    private const string AbandonSql = """
        UPDATE event_deliveries SET locked_until = NULL, next_attempt_at = @retryAt, last_error = @error
        WHERE consumer = @consumer AND event_id = @eventId
        """;

    private const string DeadLetterSql = """
        WITH moved AS (DELETE FROM event_deliveries WHERE consumer = @consumer AND event_id = @eventId RETURNING envelope)
        INSERT INTO dead_letters (id, consumer, event_id, event_type, envelope, error, delivery_count, dead_lettered_at)
        SELECT @id, @consumer, @eventId, coalesce(moved.envelope->>'type', 'unknown'), moved.envelope, @error, @deliveryCount, @now FROM moved
        ON CONFLICT (consumer, event_id) DO NOTHING
        """;

    /// <summary>Runs one batch of due deliveries; returns how many were attempted.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct, int limit = 50)
    {
        var now = time.GetUtcNow();
        List<Delivery> batch;
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            batch = (await conn.QueryAsync<Delivery>(new CommandDefinition(ClaimSql,
                new { now, lockedUntil = now + options.Value.DeliveryLockDuration, limit, known = _known }, cancellationToken: ct))).ToList();
        }
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                ct.ThrowIfCancellationRequested();
                await DeliverAsync(batch[i], ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Shutting down: hand back what this batch still holds, as Service Bus abandons on close,
                // so another instance (or the next start) takes it at once instead of after the lock expires.
                await ReleaseAsync(batch.Skip(i).ToList());
                throw;
            }
        }
        return batch.Count;
    }

    private async Task ReleaseAsync(IReadOnlyList<Delivery> deliveries)
    {
        await using var conn = await db.OpenConnectionAsync(CancellationToken.None);
        await conn.ExecuteAsync(new CommandDefinition(ReleaseSql, new
        {
            consumers = deliveries.Select(d => d.Consumer).ToArray(),
            eventIds = deliveries.Select(d => d.EventId).ToArray(),
        }, cancellationToken: CancellationToken.None));
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken ct)
    {
        EventEnvelope envelope;
        try
        {
            envelope = EventEnvelope.FromJson(delivery.Envelope);
        }
        catch (System.Text.Json.JsonException ex)
        {
            await DeadLetterAsync(delivery, ex, ct); // can never succeed: no point retrying
            return;
        }
        try
        {
            await runner.RunAsync(delivery.Consumer, envelope, ct);
            await using var conn = await db.OpenConnectionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition(CompleteSql, delivery, cancellationToken: ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await SettleFailureAsync(delivery, ex, ct);
        }
    }

    private async Task SettleFailureAsync(Delivery delivery, Exception error, CancellationToken ct)
    {
        if (delivery.DeliveryCount >= options.Value.MaxDeliveryCount)
        {
            await DeadLetterAsync(delivery, error, ct);
            return;
        }
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        var backoff = options.Value.RetryBaseDelay * Math.Pow(2, delivery.DeliveryCount - 1);
        logger.LogWarning(error, "Event {EventId} failed in {Consumer} (attempt {DeliveryCount}); retrying in {Backoff}",
            delivery.EventId, delivery.Consumer, delivery.DeliveryCount, backoff);
        await conn.ExecuteAsync(new CommandDefinition(AbandonSql, new
        {
            consumer = delivery.Consumer, eventId = delivery.EventId, retryAt = now + backoff, error = error.Message,
        }, cancellationToken: ct));
    }

    private async Task DeadLetterAsync(Delivery delivery, Exception error, CancellationToken ct)
    {
        logger.LogError(error, "Dead-lettering event {EventId} for {Consumer} after {DeliveryCount} attempts",
            delivery.EventId, delivery.Consumer, delivery.DeliveryCount);
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(DeadLetterSql, new
        {
            id = Ids.New(time), consumer = delivery.Consumer, eventId = delivery.EventId,
            error = error.ToString(), deliveryCount = delivery.DeliveryCount, now = time.GetUtcNow(),
        }, cancellationToken: ct));
    }

    private sealed record Delivery(string Consumer, Guid EventId, string Envelope, int DeliveryCount);
}
