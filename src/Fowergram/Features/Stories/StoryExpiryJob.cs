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

    // What the claim above takes, without the back-off: a record whose story is no longer due (put in a highlight, restored,
    // held again) goes, so it is neither listed nor, once given up, retried for nothing. Such a story's media are whole: a
    // refusal that came after one of its objects was deleted marks the story's media deleted (MarkDeleted), never this.
    private const string StoryStillDue = """
        s.media_deleted_at IS NOT NULL
        OR (s.deleted_at IS NOT NULL AND s.deleted_at <= @now AND (s.restorable_until IS NULL OR s.restorable_until <= @now)
            AND (s.media_held_until IS NULL OR s.media_held_until <= @now))
        OR (s.deleted_at IS NULL AND s.expires_at <= @cutoff AND NOT EXISTS (SELECT 1 FROM highlight_stories h WHERE h.story_id = s.id))
        """;

    private static readonly string ForgetNoLongerDue = MediaDeleteFailures.ForgetNoLongerDue(JobName, "stories", StoryStillDue);

    /// <summary>
    /// A record of this job (alias f) whose story is still due, or has no row left (<see cref="Leftovers"/>); binds @now and
    /// @cutoff (now less Stories:ExpiredMediaGrace).
    /// </summary>
    public static readonly string RecordStillDue = MediaDeleteFailures.StillDue("stories", StoryStillDue, goneIsDue: true);

    // The object a refusal left behind a story marked deleted (its first object went, the next was refused), or behind a story
    // whose row went with a purged account: the record names it, and nothing wants it.
    private static readonly string Leftovers = $"""
        SELECT f.subject_id AS id, f.object_name AS blob_name FROM media_delete_failures f
         WHERE f.job = '{JobName}' AND f.next_attempt_at <= @now
           AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = f.subject_id AND s.media_deleted_at IS NULL)
         ORDER BY f.next_attempt_at LIMIT @batch
        """;

    private static readonly string ForgetLeftover = MediaDeleteFailures.Forget(JobName, "ARRAY[@id]::uuid[]");

    // A story in "Recently deleted" whose window has passed stops being restorable with its media (a restore waiting on the
    // claim's row lock then finds nothing to restore); the places in highlights kept for a restore go with them. @ids are the
    // stories whose media are no longer whole; @cleared, those of them whose objects are all gone (their records go).
    private static readonly string MarkDeleted = $"""
        WITH forgotten AS ({StoryHighlightPlaces.Forget})
        UPDATE stories SET media_deleted_at = @now, restorable_until = NULL, media_held_until = NULL WHERE id = ANY(@ids) AND media_deleted_at IS NULL;
        {MediaDeleteFailures.Forget(JobName, "@cleared")}
        """;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - options.Value.ExpiredMediaGrace;
        await using (var conn = await db.OpenConnectionAsync(ct))
            await conn.ExecuteAsync(new CommandDefinition(ForgetNoLongerDue, new { now, cutoff }, cancellationToken: ct));
        int claimed, total = 0;
        do
        {
            (claimed, var removed) = await RunBatchAsync(now, cutoff, ct);
            total += removed;
        } while (claimed == Batch);
        var leftovers = await DeleteLeftoversAsync(now, ct);
        if (total + leftovers > 0)
            logger.LogInformation("Story expiry removed the media of {Count} story(ies) and {Leftovers} object(s) left by refusals", total, leftovers);
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
        var (marked, cleared) = (new List<Guid>(), new List<Guid>());
        // Objects go first, inside the transaction: a story is marked only once the store confirmed its deletes. One the store
        // refuses (a lease, a policy) is recorded with the batch and left out of the claim until its next attempt; the claim is
        // oldest first, so until 2026-12-07 it threw there on every run and nothing behind it (nor the sweeps after) ever ran.
        // A refusal after the story's first object went leaves its media broken: the story is marked all the same, so that no
        // highlight can take it (adding one requires media_deleted_at IS NULL) and no archive shows it, and its record
        // stays for the object left (DeleteLeftoversAsync). A refusal with nothing deleted leaves the story whole, and it may
        // still be highlighted (its record then goes: ForgetNoLongerDue).
        foreach (var row in rows.Where(r => keep.Contains(r.Id)))
        {
            var deletes = await failures.DeleteAllAsync(store, conn, tx, JobName, Interval, row.Id, [row.BlobName, row.ThumbnailBlobName], now, ct);
            if (deletes.Done) cleared.Add(row.Id);
            if (deletes.Done || deletes.Deleted > 0) marked.Add(row.Id);
        }
        await conn.ExecuteAsync(new CommandDefinition(MarkDeleted, new { ids = marked.ToArray(), cleared = cleared.ToArray(), now }, tx,
            cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (rows.Count, cleared.Count);
    }

    /// <summary>Deletes the objects refusals left behind (<see cref="Leftovers"/>); returns how many went.</summary>
    private async Task<int> DeleteLeftoversAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var deleted = 0;
        while (true)
        {
            // A refusal puts the record's next attempt past this run (or gives it up): each is tried once per run at most.
            var todo = (await conn.QueryAsync<MediaRow>(new CommandDefinition(Leftovers, new { now, batch = Batch }, cancellationToken: ct))).ToList();
            if (todo.Count == 0) return deleted;
            foreach (var row in todo)
            {
                if (!(await failures.DeleteAllAsync(store, conn, null, JobName, Interval, row.Id, [row.BlobName], now, ct)).Done) continue;
                await conn.ExecuteAsync(new CommandDefinition(ForgetLeftover, new { id = row.Id }, cancellationToken: ct));
                deleted++;
            }
        }
    }

    private sealed class MediaRow
    {
        public Guid Id { get; set; }
        public string BlobName { get; set; } = "";
        public string? ThumbnailBlobName { get; set; }
    }
}
