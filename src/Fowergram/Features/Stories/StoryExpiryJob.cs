using Dapper;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// Deletes the media objects of deleted stories that cannot be restored (final deletions, "Recently deleted" ones past
/// Stories:RestoreWindow, and taken-down ones whose hold for an appeal has ended), and of expired stories that are in no highlight once
/// Stories:ExpiredMediaGrace has passed, then records media_deleted_at. Reads never depend on it: an
/// expired story is hidden by expires_at. Idempotent: batches are claimed FOR UPDATE SKIP LOCKED, so
/// concurrent runs split the work, a second run finds nothing, and a late run does the same work. Then it runs the other
/// areas' expiry sweeps (<see cref="IExpirySweep"/>: expired notes), which need the same clock and no timer of their own.
/// </summary>
public sealed class StoryExpiryJob(NpgsqlDataSource db, IMediaStore store, MediaDeleteFailures failures, IOptions<StoryOptions> options,
    IEnumerable<IExpirySweep> sweeps, ILogger<StoryExpiryJob> logger)
    : IScheduledJob
{
    public const string JobName = "story-expiry";
    public const string JobSchedule = "0 */15 * * * *";
    private const int Batch = 100;

    // A story whose objects the store refused waits out the refusal's back-off, or a moderator's retry once given up
    // (docs/media.md "Refused deletes").
    private static readonly string HeldBack = MediaDeleteFailures.HeldBack(JobName, "s.id");

    // Locks the stories it claims: adding a story to a highlight locks the same row and requires
    // media_deleted_at IS NULL, so the job and the highlight wait for each other instead of racing.
    private static readonly string Claim = $"""
        SELECT s.id, s.blob_name, s.thumbnail_blob_name FROM stories s
         WHERE s.media_deleted_at IS NULL AND NOT {HeldBack}
           AND ((s.deleted_at IS NOT NULL AND s.deleted_at <= @now AND (s.restorable_until IS NULL OR s.restorable_until <= @now)
                 AND (s.media_held_until IS NULL OR s.media_held_until <= @now))
                OR (s.deleted_at IS NULL AND s.expires_at <= @cutoff AND NOT EXISTS (SELECT 1 FROM highlight_stories h WHERE h.story_id = s.id)))
         ORDER BY s.expires_at, s.id
         LIMIT @batch
         FOR UPDATE OF s SKIP LOCKED
        """;

    // A new statement, a new snapshot: a highlight link committed after the claim's snapshot keeps its story.
    private const string StillUnhighlighted = """
        SELECT s.id FROM stories s
         WHERE s.id = ANY(@ids)
           AND (s.deleted_at IS NOT NULL OR NOT EXISTS (SELECT 1 FROM highlight_stories h WHERE h.story_id = s.id))
        """;

    // A story in "Recently deleted" whose window has passed stops being restorable with its media (a restore waiting on the
    // claim's row lock then finds nothing to restore); the places in highlights kept for a restore go with them.
    private static readonly string MarkDeleted = $"""
        WITH forgotten AS ({StoryHighlightPlaces.Forget})
        UPDATE stories SET media_deleted_at = @now, restorable_until = NULL, media_held_until = NULL WHERE id = ANY(@ids) AND media_deleted_at IS NULL;
        {MediaDeleteFailures.Forget(JobName, "@ids")}
        """;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - options.Value.ExpiredMediaGrace;
        int claimed, total = 0;
        do
        {
            (claimed, var removed) = await RunBatchAsync(now, cutoff, ct);
            total += removed;
        } while (claimed == Batch);
        if (total > 0) logger.LogInformation("Story expiry removed the media of {Count} story(ies)", total);
        foreach (var sweep in sweeps)
        {
            var deleted = await sweep.SweepAsync(now, ct);
            if (deleted > 0) logger.LogInformation("Story expiry deleted {Count} row(s) of {Sweep}", deleted, sweep.Name);
        }
    }

    private async Task<(int Claimed, int Removed)> RunBatchAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var rows = (await conn.QueryAsync<MediaRow>(new CommandDefinition(Claim, new { now, cutoff, batch = Batch }, tx, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return (0, 0);
        var keep = (await conn.QueryAsync<Guid>(new CommandDefinition(StillUnhighlighted,
            new { ids = rows.Select(r => r.Id).ToArray() }, tx, cancellationToken: ct))).ToHashSet();
        var doomed = new List<Guid>();
        // Objects go first, inside the transaction: a story is marked only once the store confirmed its deletes. One the store
        // refuses (a lease, a policy) is recorded with the batch and left out of the claim until its next attempt; the claim is
        // oldest first, so until 2026-12-07 it threw there on every run and nothing behind it (nor the sweeps after) ever ran.
        foreach (var row in rows.Where(r => keep.Contains(r.Id)))
            if (await failures.DeleteAllAsync(store, conn, tx, JobName, Interval, row.Id, [row.BlobName, row.ThumbnailBlobName], now, ct))
                doomed.Add(row.Id);
        await conn.ExecuteAsync(new CommandDefinition(MarkDeleted, new { ids = doomed.ToArray(), now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (rows.Count, doomed.Count);
    }

    private sealed class MediaRow
    {
        public Guid Id { get; set; }
        public string BlobName { get; set; } = "";
        public string? ThumbnailBlobName { get; set; }
    }
}
