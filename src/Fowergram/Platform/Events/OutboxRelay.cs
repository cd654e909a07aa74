using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Platform.Events;

/// <summary>
/// Moves committed outbox rows to the transport. Rows are claimed with FOR UPDATE SKIP LOCKED so
/// any number of relays (instances, the sweep timer) can run at once; a row is marked published only
/// after the transport accepted it, so a crash in between republishes (consumers are idempotent).
/// </summary>
public sealed class OutboxRelay(NpgsqlDataSource db, IEventTransport transport, TimeProvider time,
    IOptions<EventOptions> options, ILogger<OutboxRelay> logger)
{
    private const string ClaimSql = """
        SELECT id, type, actor_id, payload::text AS payload, occurred_at
        FROM outbox
        WHERE published_at IS NULL
        ORDER BY occurred_at, id
        LIMIT @limit
        FOR UPDATE SKIP LOCKED
        """;

    private const string MarkPublishedSql = "UPDATE outbox SET published_at = @now, publish_attempts = publish_attempts + 1 WHERE id = ANY(@ids)";

    private const string MarkFailedSql = "UPDATE outbox SET publish_attempts = publish_attempts + 1, last_error = @error WHERE id = ANY(@ids)";

    /// <summary>Publishes one batch; returns how many events were published.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var rows = (await conn.QueryAsync<OutboxRow>(new CommandDefinition(ClaimSql,
            new { limit = options.Value.RelayBatchSize }, tx, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return 0;

        var envelopes = rows.Select(r => r.ToEnvelope()).ToList();
        var ids = rows.Select(r => r.Id).ToArray();
        try
        {
            await transport.PublishAsync(envelopes, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Publishing {Count} outbox events failed; they stay unpublished and are retried", rows.Count);
            await conn.ExecuteAsync(new CommandDefinition(MarkFailedSql, new { ids, error = ex.Message }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            throw;
        }
        await conn.ExecuteAsync(new CommandDefinition(MarkPublishedSql, new { ids, now = time.GetUtcNow() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return rows.Count;
    }

    /// <summary>Publishes batches until nothing unpublished is left; returns the total.</summary>
    public async Task<int> RelayAllAsync(CancellationToken ct)
    {
        var total = 0;
        int published;
        while ((published = await RelayOnceAsync(ct)) > 0) total += published;
        return total;
    }

    private sealed record OutboxRow(Guid Id, string Type, Guid? ActorId, string Payload, DateTimeOffset OccurredAt)
    {
        public EventEnvelope ToEnvelope() =>
            new(Id, Type, ActorId, System.Text.Json.JsonDocument.Parse(Payload).RootElement.Clone(), OccurredAt);
    }
}
