using Dapper;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Feed;

/// <summary>
/// Deletes feed entries older than the retention window (plus a day, so the rows a reader may still be
/// paging through at the horizon stay). Walks the readers in id order, one short transaction per batch,
/// each deleting by primary-key range. Idempotent; reads never depend on it (they ignore entries before
/// the horizon and pull those posts from timelines).
/// </summary>
public sealed class FeedRetentionJob(NpgsqlDataSource db, IOptions<FeedOptions> options, ILogger<FeedRetentionJob> logger) : IScheduledJob
{
    public const string JobName = "feed-retention";
    public const string JobSchedule = "0 30 4 * * *";
    private const int BatchSize = 500;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromHours(24);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - options.Value.Retention - TimeSpan.FromDays(1);
        var after = Guid.Empty;
        long total = 0;
        await using var conn = await db.OpenConnectionAsync(ct);
        while (true)
        {
            var (lastReader, deleted) = await conn.QuerySingleAsync<(Guid?, long)>(new CommandDefinition(FeedWriteSql.PruneBatch,
                new { after, batch = BatchSize, cutoff }, cancellationToken: ct));
            total += deleted;
            if (lastReader is not { } last) break;
            after = last;
        }
        logger.LogInformation("Feed retention removed {Count} entries older than {Cutoff:O}", total, cutoff);
    }
}
