using Dapper;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Recomputes post_stats (likes, live comments) from count(*) and reports drift. Events that are
/// committed but not yet applied by post-counters are subtracted first (<see cref="Counter.Expected"/>),
/// so a storm in progress is not drift; only a counter that disagrees with its rows and its in-flight
/// events is fixed, under the same row lock the consumer takes. Idempotent; safe beside the consumer.
/// </summary>
public sealed class CounterReconciliationJob(NpgsqlDataSource db, ILogger<CounterReconciliationJob> logger) : IScheduledJob
{
    public const string JobName = "counter-reconciliation";
    public const string JobSchedule = "0 15 * * * *";
    private const int Batch = 500;

    private const string EnsureStats = """
        INSERT INTO post_stats (post_id, updated_at)
        SELECT p.id, @now FROM posts p
        WHERE (@ids::uuid[] IS NULL OR p.id = ANY(@ids)) AND NOT EXISTS (SELECT 1 FROM post_stats s WHERE s.post_id = p.id)
        ON CONFLICT (post_id) DO NOTHING
        """;

    // Cheap first pass without locks: only posts whose stored counts differ from their rows are looked at closely.
    private const string Candidates = """
        SELECT s.post_id FROM post_stats s
        WHERE s.post_id > @after AND s.post_id <= @batchEnd AND (@ids::uuid[] IS NULL OR s.post_id = ANY(@ids))
          AND (s.like_count <> (SELECT count(*) FROM likes l WHERE l.post_id = s.post_id)
               OR s.comment_count <> (SELECT count(*) FROM comments c WHERE c.post_id = s.post_id AND c.deleted_at IS NULL AND c.held_at IS NULL))
        ORDER BY s.post_id
        """;

    private const string NextAfter = """
        SELECT post_id FROM (SELECT post_id FROM post_stats WHERE post_id > @after ORDER BY post_id LIMIT @batch) b
        ORDER BY post_id DESC LIMIT 1
        """;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public Task RunAsync(DateTimeOffset now, CancellationToken ct) => ReconcileAsync(now, null, ct);

    /// <summary>Reconciles every post (or only <paramref name="postIds"/>); returns how many counters were wrong and fixed.</summary>
    public async Task<int> ReconcileAsync(DateTimeOffset now, IReadOnlyCollection<Guid>? postIds, CancellationToken ct)
    {
        var ids = postIds?.ToArray();
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(EnsureStats, new { ids, now }, cancellationToken: ct));
        var fixedCount = 0;
        var after = Guid.Empty;
        while (true)
        {
            var batchEnd = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(NextAfter, new { after, batch = Batch }, cancellationToken: ct));
            if (batchEnd is null) break;
            var candidates = await conn.QueryAsync<Guid>(new CommandDefinition(Candidates, new { after, batchEnd, ids }, cancellationToken: ct));
            foreach (var postId in candidates) fixedCount += await FixAsync(postId, now, ct);
            after = batchEnd.Value;
        }
        if (fixedCount > 0) logger.LogWarning("Counter reconciliation fixed {Count} drifted post counter(s)", fixedCount);
        else logger.LogInformation("Counter reconciliation found no drift");
        return fixedCount;
    }

    private async Task<int> FixAsync(Guid postId, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var fixedCount = 0;
        foreach (var counter in new[] { Counter.PostLikes, Counter.PostComments })
        {
            if (await EngagementCounters.RecountAsync(conn, tx, counter, postId, postId, now, ct) is not { } result || result.Stored == result.Expected) continue;
            logger.LogWarning("Drift in the {Counter} of post {PostId}: stored {Stored}, expected {Expected}; fixed",
                counter.Name, postId, result.Stored, result.Expected);
            fixedCount++;
        }
        await tx.CommitAsync(ct);
        return fixedCount;
    }
}
