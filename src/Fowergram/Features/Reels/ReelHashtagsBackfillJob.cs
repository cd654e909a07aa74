using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Tags the reels whose captions the app has not read yet (reels.hashtags_indexed false, migration 0094): those written
/// before reel_hashtags existed, or by tools other than the API. Each batch locks its reels, skipping rows an edit holds
/// (the edit tags them itself), and reads the caption under that lock, so the tags always match the caption that is
/// stored. The lock is FOR NO KEY UPDATE, not FOR UPDATE: the latter conflicts with a like's, comment's or view's foreign
/// key check, so SKIP LOCKED left a reel being liked untagged, and the likes waited for the batch (docs/data-model.md "Row locks"). Idempotent: a tagged reel leaves the queue, and concurrent runs take disjoint batches. No event tells reel-counters
/// of these tags, so the batch recounts the reel counts of the hashtags it changed itself, in the same transaction
/// (<see cref="HashtagReelCounts"/>).
/// </summary>
public sealed class ReelHashtagsBackfillJob(NpgsqlDataSource db, TimeProvider time, ILogger<ReelHashtagsBackfillJob> logger) : IScheduledJob
{
    public const string JobName = "reel-hashtags-backfill";
    public const string JobSchedule = "0 */15 * * * *";

    /// <summary>Reels tagged per transaction.</summary>
    public const int Batch = 200;

    private const string Pending = """
        SELECT id, caption FROM reels WHERE NOT hashtags_indexed ORDER BY id LIMIT @batch FOR NO KEY UPDATE SKIP LOCKED
        """;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public Task RunAsync(DateTimeOffset now, CancellationToken ct) => TagAsync(ct);

    /// <summary>Returns how many reels were tagged in this run.</summary>
    public async Task<int> TagAsync(CancellationToken ct)
    {
        var tagged = 0;
        await using var conn = await db.OpenConnectionAsync(ct);
        while (true)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var reels = (await conn.QueryAsync<(Guid Id, string? Caption)>(new CommandDefinition(Pending, new { batch = Batch }, tx, cancellationToken: ct))).ToList();
            // The batch's tags first, in one statement (by name, as every caption's writer creates its own): created reel by reel,
            // a tag the batch had made stayed held while it waited for a later reel's tag that a new caption had just made, and
            // that caption waited for the held one — a deadlock (ReelHashtagBackfillRaceTests).
            await HashtagNames.EnsureAsync(conn, tx, time, reels.SelectMany(r => CaptionText.Parse(r.Caption ?? "").Hashtags).Distinct(), ct);
            var changed = new List<Guid>();
            foreach (var (id, caption) in reels)
                changed.AddRange(await ReelHashtags.WriteAsync(conn, tx, time, id, caption, ct));
            await HashtagReelCounts.RecountAsync(conn, tx, changed, time.GetUtcNow(), ct);
            await tx.CommitAsync(ct);
            tagged += reels.Count;
            if (reels.Count < Batch) break;
        }
        if (tagged > 0) logger.LogInformation("Reel hashtag backfill read the captions of {Count} reel(s)", tagged);
        return tagged;
    }
}
