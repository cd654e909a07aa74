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
    /// Creating or dropping a partition locks its parent (and, to create one, the tables its foreign keys
    /// reference) in modes every reader and writer of them queues behind. So each attempt waits at most this
    /// long for a lock, holding whatever it already has only that long, and gives up; requests never wait
    /// long behind the job, and a request holding one of those locks while it waits for another the job holds
    /// is never cancelled as a deadlock (PostgreSQL checks for one after deadlock_timeout, 1 s).
    /// </summary>
    internal static readonly TimeSpan LockTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Attempts per statement before the run gives up and leaves it to the next run.</summary>
    internal int LockAttempts { get; init; } = 40;

    public string Name => "partition-maintenance";
    public string Schedule => "0 0 3 * * *";
    public TimeSpan Interval => TimeSpan.FromHours(6);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        foreach (var table in PartitionedTables)
        {
            var created = await WithShortLocksAsync(conn, "SELECT create_monthly_partitions(@table::regclass, @now, @months)",
                new { table, now = now.ToUniversalTime(), months = MonthsAhead + 1 }, $"creating the partitions of {table}", ct);
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
            if (await WithShortLocksAsync(conn, $"DROP TABLE {partition}; SELECT 1", null, $"dropping {partition}", ct) is null) continue;
            logger.LogInformation("Dropped {Partition}: older than {Months} months", partition, months);
        }
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (one scalar) in its own transaction under <see cref="LockTimeout"/>, again
    /// after a short random pause while a lock was not available, up to <see cref="LockAttempts"/> times.
    /// Null when every attempt timed out: logged, and the next run (every <see cref="Interval"/>, with
    /// <see cref="MonthsAhead"/> months to spare) tries again.
    /// </summary>
    private async Task<int?> WithShortLocksAsync(NpgsqlConnection conn, string sql, object? parameters, string what, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            try
            {
                await conn.ExecuteAsync(new CommandDefinition(
                    $"SET LOCAL lock_timeout = '{(int)LockTimeout.TotalMilliseconds}ms'", transaction: tx, cancellationToken: ct));
                var result = await conn.ExecuteScalarAsync<int>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                return result;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                await tx.RollbackAsync(ct);
                if (attempt >= LockAttempts)
                {
                    logger.LogWarning("Gave up {What}: its locks stayed busy through {Attempts} attempts; the next run tries again",
                        what, attempt);
                    return null;
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 250)), ct);
        }
    }

    [GeneratedRegex("^[a-z_]+_[0-9]{4}_[0-9]{2}$")]
    private static partial Regex MonthPartition();
}
