using Dapper;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Server.Events;

/// <summary>
/// Drives the pipeline inline until it is idle: what the background services do, on demand. Used by
/// the tests (instead of sleeping) and by the seed verb; safe to run beside the background services.
/// </summary>
public sealed class EventPipeline(NpgsqlDataSource db, OutboxRelay relay, DeliveryDispatcher dispatcher, TimeProvider time)
{

    /// <summary>Relays and delivers until no event is unpublished and no delivery is due or in flight.</summary>
    public async Task DrainAsync(TimeSpan? timeout = null, CancellationToken ct = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await relay.RelayAllAsync(limit.Token);
            while (await dispatcher.DispatchOnceAsync(limit.Token) > 0) { }
            if (await PendingAsync(limit.Token) == 0) return;
            await Task.Delay(20, limit.Token); // another dispatcher holds some rows; let it finish
        }
    }

    private async Task<long> PendingAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL)
                 + (SELECT count(*) FROM event_deliveries WHERE next_attempt_at <= @now)
            """, new { now = time.GetUtcNow() }, cancellationToken: ct));
    }
}
