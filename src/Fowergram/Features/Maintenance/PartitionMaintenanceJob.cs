using System.Text.RegularExpressions;
using Dapper;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Maintenance;

/// <summary>
/// Keeps the monthly partitions of the time-series tables ahead of the clock and within their retention:
/// each run makes sure the month of <c>now</c> and the next <see cref="MonthsAhead"/> months exist, and
/// drops the months that ended more than the table's retention ago (<see cref="MaintenanceOptions"/>) —
/// a whole partition at once, which costs nothing like deleting its rows. Idempotent and safe to run
/// concurrently or late (create_monthly_partitions locks the parent and skips existing months; rows that
/// already fell into the DEFAULT partition are moved into the new month's partition; the DEFAULT
/// partition itself is never dropped).
/// </summary>
public sealed partial class PartitionMaintenanceJob(NpgsqlDataSource db, IOptions<MaintenanceOptions> options,
    ILogger<PartitionMaintenanceJob> logger) : IScheduledJob
{
    public const int MonthsAhead = 3;

    /// <summary>Range-partitioned by month on created_at, each with a DEFAULT partition.</summary>
    public static readonly IReadOnlyList<string> PartitionedTables = ["notifications", "user_activities"];

    /// <summary>
    /// Dropping a partition locks its parent for a moment; waiting longer than this behind a long query
    /// would stall every reader queued behind the drop, so the job gives up and the next run tries again.
    /// </summary>
    internal static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(5);

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
            await DropExpiredAsync(conn, table, now, ct);
        }
    }

    /// <summary>Drops the months of <paramref name="table"/> that ended before now minus its retention.</summary>
    private async Task DropExpiredAsync(NpgsqlConnection conn, string table, DateTimeOffset now, CancellationToken ct)
    {
        var months = options.Value.RetentionMonths(table);
        if (months == 0) return;
        var endedBefore = now.ToUniversalTime().AddMonths(-months);
        var expired = await conn.QueryAsync<string>(new CommandDefinition("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = @table::regclass
               AND c.relname ~ ('^' || @table || '_[0-9]{4}_[0-9]{2}$')
               AND (to_date(right(c.relname, 7), 'YYYY_MM') + interval '1 month') AT TIME ZONE 'UTC' <= @endedBefore
             ORDER BY c.relname
            """, new { table, endedBefore }, cancellationToken: ct));
        foreach (var partition in expired)
        {
            if (!MonthPartition().IsMatch(partition)) continue; // names come from the catalog; only ours are dropped
            await using var tx = await conn.BeginTransactionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition(
                $"SET LOCAL lock_timeout = '{(int)LockTimeout.TotalMilliseconds}ms'; DROP TABLE {partition}", transaction: tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            logger.LogInformation("Dropped {Partition}: older than {Months} months", partition, months);
        }
    }

    [GeneratedRegex("^[a-z_]+_[0-9]{4}_[0-9]{2}$")]
    private static partial Regex MonthPartition();
}
