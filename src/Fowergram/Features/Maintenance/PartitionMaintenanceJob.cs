using Dapper;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Maintenance;

/// <summary>
/// Keeps the monthly partitions of the time-series tables ahead of the clock: each run makes sure the
/// month of <c>now</c> and the next <see cref="MonthsAhead"/> months exist. Idempotent and safe to run
/// concurrently or late (create_monthly_partitions locks the parent and skips existing months; rows
/// that already fell into the DEFAULT partition are moved into the new month's partition).
/// </summary>
public sealed class PartitionMaintenanceJob(NpgsqlDataSource db, ILogger<PartitionMaintenanceJob> logger) : IScheduledJob
{
    public const int MonthsAhead = 3;

    /// <summary>Range-partitioned by month on created_at, each with a DEFAULT partition.</summary>
    public static readonly IReadOnlyList<string> PartitionedTables = ["notifications", "user_activities"];

    public string Name => "partition-maintenance";
    public string Schedule => "0 0 3 * * *";
    public TimeSpan Interval => TimeSpan.FromHours(6);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        foreach (var table in PartitionedTables)
        {
            var created = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT create_monthly_partitions(@table::regclass, @now, @months)",
                new { table, now = now.ToUniversalTime(), months = MonthsAhead + 1 }, cancellationToken: ct));
            if (created > 0)
                logger.LogInformation("Created {Count} monthly partition(s) of {Table} from {Month:yyyy-MM}", created, table, now);
        }
    }
}
