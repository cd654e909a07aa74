using Dapper;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Deletes the stored objects of posts deleted more than Posts:DeletedMediaGrace ago and marks the post
/// (media_purged_at) and its uploads (object_deleted_at) once the store confirmed it. Idempotent: a
/// second or concurrent run deletes what is already gone (not an error) or finds nothing to do, and a
/// failed delete is retried next time because the mark is written only after it.
/// </summary>
public sealed class PostMediaCleanupJob(NpgsqlDataSource db, IMediaStore store, IOptions<PostsOptions> options,
    ILogger<PostMediaCleanupJob> logger) : IScheduledJob
{
    public const string JobName = "post-media-cleanup";
    public const string JobSchedule = "0 */10 * * * *";
    private const int Batch = 100;

    private const string Due = """
        SELECT id FROM posts WHERE deleted_at IS NOT NULL AND media_purged_at IS NULL AND deleted_at <= @cutoff
        ORDER BY deleted_at, id LIMIT @batch
        """;

    private const string ObjectsOf = "SELECT blob_name, thumbnail_blob_name, upload_id FROM post_media WHERE post_id = @postId";

    private const string MarkPurged = """
        UPDATE uploads SET object_deleted_at = @now WHERE id = ANY(@uploadIds) AND object_deleted_at IS NULL;
        UPDATE posts SET media_purged_at = @now WHERE id = @postId AND media_purged_at IS NULL;
        """;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(10);

    public Task RunAsync(DateTimeOffset now, CancellationToken ct) => PurgeAsync(now, ct);

    /// <summary>Returns how many deleted posts had their objects removed in this run.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - options.Value.DeletedMediaGrace;
        await using var conn = await db.OpenConnectionAsync(ct);
        var purged = 0;
        List<Guid> due;
        do
        {
            due = (await conn.QueryAsync<Guid>(new CommandDefinition(Due, new { cutoff, batch = Batch }, cancellationToken: ct))).ToList();
            foreach (var postId in due)
            {
                var objects = (await conn.QueryAsync<ObjectRow>(new CommandDefinition(ObjectsOf, new { postId }, cancellationToken: ct))).ToList();
                foreach (var name in objects.SelectMany(o => new[] { o.BlobName, o.ThumbnailBlobName }))
                    // Names the stores did not make (rows imported by other tools) cannot be ours to delete.
                    if (MediaObjectNames.IsValid(name)) await store.DeleteAsync(name!, ct);
                var uploadIds = objects.Where(o => o.UploadId is not null).Select(o => o.UploadId!.Value).ToArray();
                await conn.ExecuteAsync(new CommandDefinition(MarkPurged, new { postId, uploadIds, now }, cancellationToken: ct));
                purged++;
            }
        } while (due.Count == Batch);
        if (purged > 0) logger.LogInformation("Post media clean-up removed the objects of {Count} deleted post(s)", purged);
        return purged;
    }

    private sealed class ObjectRow
    {
        public string BlobName { get; init; } = "";
        public string? ThumbnailBlobName { get; init; }
        public Guid? UploadId { get; init; }
    }
}
