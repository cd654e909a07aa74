using Dapper;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Feed;

/// <summary>
/// Deletes feed entries older than the retention window, except a reader's newest
/// <see cref="FeedOptions.RetainEntries"/> when fewer than that fall inside it, and moves each reader's mark
/// (feed_readers) to what it kept. Walks the readers in id order, one short transaction per batch, each deleting
/// by primary-key range. Idempotent; reads stay whole while it runs (they read the mark with the entries and
/// pull the posts before it from timelines).
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
        var windowStart = now - options.Value.Retention;
        var keep = options.Value.RetainEntries;
        var after = Guid.Empty;
        long total = 0;
        await using var conn = await db.OpenConnectionAsync(ct);
        while (true)
        {
            var (lastReader, deleted) = await conn.QuerySingleAsync<(Guid?, long)>(new CommandDefinition(FeedWriteSql.PruneBatch,
                new { after, batch = BatchSize, windowStart, keep }, cancellationToken: ct));
            total += deleted;
            if (lastReader is not { } last) break;
            after = last;
        }
        logger.LogInformation("Feed retention removed {Count} entries (window from {WindowStart:O}, at least {Keep} kept a reader)",
            total, windowStart, keep);
    }
}
