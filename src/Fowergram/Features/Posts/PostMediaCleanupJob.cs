using Dapper;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Deletes the stored objects of deleted posts that can no longer come back — those that were never restorable once
/// Posts:DeletedMediaGrace has passed since the deletion, those whose "Recently deleted" window has ended, and taken-down
/// ones whose hold for an appeal (media_held_until, docs/moderation.md) has ended, past the same grace — and marks
/// the post (media_purged_at) and its uploads (object_deleted_at) once the store confirmed it. Each post is first claimed
/// (restorable_until and media_held_until cleared, committed on its own) so that a restore or an appeal racing the run
/// either wins before the claim, and the post is skipped, or finds nothing to restore or hold. Idempotent: a second or concurrent run deletes what is already gone (not
/// an error) or finds nothing to do, and a failed delete is retried next time because the mark is written only after it.
/// It also forgets the carousel items whose "Recently deleted" window has ended (<see cref="DeletedCarouselItemsSql.ForgetEnded"/>):
/// their uploads were released as of that end, so their objects are media-cleanup's.
/// </summary>
public sealed class PostMediaCleanupJob(NpgsqlDataSource db, IMediaStore store, MediaDeleteFailures failures, IOptions<PostsOptions> options,
    ILogger<PostMediaCleanupJob> logger) : IScheduledJob
{
    public const string JobName = "post-media-cleanup";
    public const string JobSchedule = "0 */10 * * * *";
    private const int Batch = 100;

    // A post whose objects the store refused waits out the refusal's back-off, or a moderator's retry once given up
    // (docs/media.md "Refused deletes"). In each range, so that such posts never fill a range's batch.
    private static readonly string HeldBack = MediaDeleteFailures.HeldBack(JobName, "posts.id");

    // Three ranges of three partial indexes (posts_media_to_purge, posts_restore_ends, posts_media_holds_end), whichever
    // was deleted first. A held post (taken down, its appeal window open or its appeal undecided) waits for its hold's end,
    // and for the grace like any other.
    private static readonly string Due = $"""
        SELECT id FROM (
            (SELECT id, deleted_at FROM posts
              WHERE deleted_at IS NOT NULL AND media_purged_at IS NULL AND restorable_until IS NULL AND media_held_until IS NULL
                AND deleted_at <= @cutoff AND NOT {HeldBack}
              ORDER BY deleted_at LIMIT @batch)
            UNION ALL
            (SELECT id, deleted_at FROM posts WHERE restorable_until IS NOT NULL AND restorable_until <= @now AND NOT {HeldBack}
              ORDER BY restorable_until LIMIT @batch)
            UNION ALL
            (SELECT id, deleted_at FROM posts WHERE media_held_until IS NOT NULL AND media_held_until <= @now AND deleted_at <= @cutoff
                AND NOT {HeldBack}
              ORDER BY media_held_until LIMIT @batch)) due
        ORDER BY deleted_at, id LIMIT @batch
        """;

    // Refused deletes of posts no longer due: restored, held again, purged by another run, or gone with a purged account
    // (whose uploads, and so every object the post had, are media-cleanup's: UploadsPurgeStep). A post that comes back keeps
    // its objects: nothing here deletes, and the list above is what the job deletes from.
    private const string PostStillDue = """
        s.deleted_at IS NOT NULL AND s.media_purged_at IS NULL
        AND (s.restorable_until IS NULL OR s.restorable_until <= @now) AND (s.media_held_until IS NULL OR s.media_held_until <= @now)
        """;

    /// <summary>A record of this job (alias f) whose post is still due: a post with no row left is not (see above); binds @now.</summary>
    public static readonly string RecordStillDue = MediaDeleteFailures.StillDue("posts", PostStillDue, goneIsDue: false);

    private static readonly string ForgetNoLongerDue = $"""
        DELETE FROM media_delete_failures f WHERE f.job = '{JobName}' AND NOT {RecordStillDue}
        """;

    private const string Claim = """
        UPDATE posts SET restorable_until = NULL, media_held_until = NULL
        WHERE id = @postId AND deleted_at IS NOT NULL AND media_purged_at IS NULL AND (restorable_until IS NULL OR restorable_until <= @now)
          AND (media_held_until IS NULL OR media_held_until <= @now)
        RETURNING id
        """;

    private const string ObjectsOf = "SELECT blob_name, thumbnail_blob_name, upload_id FROM post_media WHERE post_id = @postId";

    private static readonly string MarkPurged = $"""
        UPDATE uploads SET object_deleted_at = @now WHERE id = ANY(@uploadIds) AND object_deleted_at IS NULL;
        UPDATE posts SET media_purged_at = @now WHERE id = @postId AND media_purged_at IS NULL;
        {MediaDeleteFailures.Forget(JobName, "ARRAY[@postId]::uuid[]")}
        """;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(10);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await PurgeAsync(now, ct);
        await ForgetEndedItemsAsync(now, ct);
    }

    /// <summary>Returns how many carousel items past their "Recently deleted" window were forgotten.</summary>
    public async Task<int> ForgetEndedItemsAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        int forgotten, total = 0;
        do
        {
            forgotten = await conn.ExecuteAsync(new CommandDefinition(DeletedCarouselItemsSql.ForgetEnded, new { now, batch = Batch }, cancellationToken: ct));
            total += forgotten;
        } while (forgotten == Batch);
        return total;
    }

    /// <summary>
    /// Returns how many deleted posts had their objects removed in this run. A post whose objects the store refuses to delete
    /// (a lease, a policy) stays claimed and unpurged, its refusal recorded (<see cref="MediaDeleteFailures"/>): the list
    /// leaves it out until its next attempt is due. The list is oldest first, so one such post stopped every purge behind it
    /// on every run, and until the record it was tried and logged as an error on every run, forever.
    /// </summary>
    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - options.Value.DeletedMediaGrace;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(ForgetNoLongerDue, new { now }, cancellationToken: ct));
        var (purged, tried) = (0, new HashSet<Guid>());
        while (true)
        {
            // A post listed again that this run has tried (one its claim refuses) is not tried twice: the run ends when the
            // list holds nothing else.
            var due = (await conn.QueryAsync<Guid>(new CommandDefinition(Due, new { cutoff, now, batch = Batch }, cancellationToken: ct)))
                .Where(tried.Add).ToList();
            if (due.Count == 0) break;
            foreach (var postId in due)
                if (await PurgeOneAsync(conn, postId, now, ct)) purged++;
        }
        if (purged > 0) logger.LogInformation("Post media clean-up removed the objects of {Count} deleted post(s)", purged);
        return purged;
    }

    /// <summary>False when the post was restored or purged meanwhile, or the store refused one of its objects.</summary>
    private async Task<bool> PurgeOneAsync(NpgsqlConnection conn, Guid postId, DateTimeOffset now, CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(Claim, new { postId, now }, cancellationToken: ct)) is null)
            return false; // restored (or purged by another run) since the list was read
        var objects = (await conn.QueryAsync<ObjectRow>(new CommandDefinition(ObjectsOf, new { postId }, cancellationToken: ct))).ToList();
        if (!(await failures.DeleteAllAsync(store, conn, null, JobName, Interval, postId,
                objects.SelectMany(o => new[] { o.BlobName, o.ThumbnailBlobName }), now, ct)).Done)
            return false;
        var uploadIds = objects.Where(o => o.UploadId is not null).Select(o => o.UploadId!.Value).ToArray();
        await conn.ExecuteAsync(new CommandDefinition(MarkPurged, new { postId, uploadIds, now }, cancellationToken: ct));
        return true;
    }

    private sealed class ObjectRow
    {
        public string BlobName { get; init; } = "";
        public string? ThumbnailBlobName { get; init; }
        public Guid? UploadId { get; init; }
    }
}
