using Fowergram.Platform.Data;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Platform.Http.Idempotency;

/// <summary>
/// Deletes idempotency keys past their 24 hours (migration 0258), in batches of short statements through
/// <c>idempotency_keys_expiry</c>. A key is already dead to requests once expired (the claim takes it over), so this only
/// keeps the table small; idempotent, safe to run twice, concurrently or late.
/// </summary>
public sealed class IdempotencyKeysJob(NpgsqlDataSource db, ILogger<IdempotencyKeysJob> logger) : IScheduledJob
{
    public const string JobName = "idempotency-housekeeping";
    public const string JobSchedule = "0 35 * * * *";

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var deleted = await BatchDelete.RunAsync(conn, "idempotency_keys", "expires_at <= @now", new { now }, ct);
        logger.LogInformation("Idempotency housekeeping deleted {Deleted} expired keys", deleted);
    }
}
