using Dapper;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Server.Events;

/// <summary>
/// Keeps a claimed batch's locks alive while its handlers run, as the Service Bus processor renews a message's lock for up
/// to <c>maxAutoLockRenewalDuration</c>: without it, a handler slower than <see cref="EventOptions.DeliveryLockDuration"/>
/// (mails to a slow SMTP server) let another loop or instance claim the same delivery while it ran, and its mail went out
/// twice. Every half lock duration it moves <c>locked_until</c> forward for the deliveries still unsettled, until
/// <see cref="EventOptions.MaxLockRenewalDuration"/> after the claim; disposing stops it. A delivery is renewed only while the
/// claim is still this one (its <c>delivery_count</c> unchanged and a lock held): one that was lost — renewed too late, taken
/// by another claim — is logged and left to its new owner (<see cref="DeliveryDispatcher"/> settles only its own claims).
/// </summary>
internal sealed class DeliveryLockRenewal : IAsyncDisposable
{
    private const string RenewSql = """
        UPDATE event_deliveries d SET locked_until = @lockedUntil
        FROM unnest(@consumers, @eventIds, @counts) AS held(consumer, event_id, delivery_count)
        WHERE d.consumer = held.consumer AND d.event_id = held.event_id AND d.delivery_count = held.delivery_count
          AND d.locked_until IS NOT NULL
        RETURNING d.consumer, d.event_id
        """;

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    public DeliveryLockRenewal(NpgsqlDataSource db, TimeProvider time, EventOptions options, ILogger logger,
        Func<ICollection<DeliveryDispatcher.Delivery>> unsettled)
    {
        var renewUntil = time.GetUtcNow() + options.MaxLockRenewalDuration;
        _renewing = options.MaxLockRenewalDuration <= TimeSpan.Zero ? Task.CompletedTask
            : RenewAsync(db, time, options.DeliveryLockDuration, renewUntil, logger, unsettled, _stop.Token);
    }

    private static async Task RenewAsync(NpgsqlDataSource db, TimeProvider time, TimeSpan lockDuration, DateTimeOffset renewUntil,
        ILogger logger, Func<ICollection<DeliveryDispatcher.Delivery>> unsettled, CancellationToken stop)
    {
        var lost = new HashSet<DeliveryDispatcher.Delivery>();
        try
        {
            while (true)
            {
                await Task.Delay(lockDuration / 2, time, stop);
                var now = time.GetUtcNow();
                if (now >= renewUntil)
                {
                    logger.LogWarning("Event deliveries still running after Events:MaxLockRenewalDuration; their locks expire at {LockedUntil}",
                        now + lockDuration / 2);
                    return;
                }
                var held = unsettled().Where(d => !lost.Contains(d)).ToList();
                if (held.Count == 0) continue;
                await using var conn = await db.OpenConnectionAsync(stop);
                var renewed = (await conn.QueryAsync<(string Consumer, Guid EventId)>(new CommandDefinition(RenewSql, new
                {
                    lockedUntil = now + lockDuration,
                    consumers = held.Select(d => d.Consumer).ToArray(),
                    eventIds = held.Select(d => d.EventId).ToArray(),
                    counts = held.Select(d => d.DeliveryCount).ToArray(),
                }, cancellationToken: stop))).ToHashSet();
                var stillHeld = unsettled().ToHashSet(); // one settled meanwhile (completed, abandoned) was not lost
                foreach (var delivery in held.Where(d => !renewed.Contains((d.Consumer, d.EventId)) && stillHeld.Contains(d)))
                {
                    lost.Add(delivery);
                    logger.LogWarning("Lost the lock of event {EventId} for {Consumer} while it ran; its new owner settles it",
                        delivery.EventId, delivery.Consumer);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The batch settled: nothing left to hold.
        }
        catch (Exception ex)
        {
            // A renewal that cannot reach the database leaves the locks to expire, as a dead dispatcher's do.
            logger.LogError(ex, "Renewing event delivery locks failed; they expire after Events:DeliveryLockDuration");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
    }
}
