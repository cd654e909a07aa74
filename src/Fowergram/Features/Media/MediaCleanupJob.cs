using Dapper;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Media;

/// <summary>
/// Expires pending upload slots past their expiry and deletes the objects of expired and rejected slots
/// once their upload URLs are dead, and of released uploads (replaced or removed profile photos). Idempotent: a second or concurrent run finds nothing left to do, and a
/// failed delete is logged, passed over and retried next time. Reads never depend on it: a claim checks expires_at itself.
/// </summary>
public sealed class MediaCleanupJob(NpgsqlDataSource db, IMediaStore store, IOptions<MediaOptions> options, ILogger<MediaCleanupJob> logger)
    : IScheduledJob
{
    private const int Batch = 200;

    /// <summary>Constants so the Functions timer attribute can name them.</summary>
    public const string JobName = "media-cleanup";
    public const string JobSchedule = "0 */5 * * * *";

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        int expired, total = 0;
        do
        {
            expired = await conn.ExecuteAsync(new CommandDefinition(MediaSql.ExpireBatch, new { now, batch = Batch }, cancellationToken: ct));
            total += expired;
        } while (expired == Batch);

        var cutoff = now - options.Value.CleanupGrace;
        var deleted = await DeleteObjectsAsync(conn, MediaSql.DeadObjects, cutoff, now, ct);
        var released = await DeleteObjectsAsync(conn, MediaSql.ReleasedObjects, cutoff, now, ct);
        if (total + deleted + released > 0)
            logger.LogInformation("Media clean-up expired {Expired} upload slot(s), deleted {Deleted} dead and {Released} released object(s)",
                total, deleted, released);
    }

    /// <summary>
    /// Deletes the objects <paramref name="listSql"/> lists, marking each once the store confirmed it. A delete that fails
    /// is logged and skipped for the rest of this run (tried again next run): the lists are oldest first, so one object the
    /// store always refuses (a lease, a policy) stopped every clean-up behind it on every run. Only the host stopping ends it.
    /// </summary>
    private async Task<int> DeleteObjectsAsync(NpgsqlConnection conn, string listSql, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct)
    {
        var (deleted, failed) = (0, new HashSet<Guid>());
        while (true)
        {
            var listed = await conn.QueryAsync<DeadObject>(new CommandDefinition(listSql, new { cutoff, batch = Batch + failed.Count }, cancellationToken: ct));
            var todo = listed.Where(item => !failed.Contains(item.Id)).ToList();
            if (todo.Count == 0) return deleted;
            foreach (var item in todo)
            {
                try
                {
                    await store.DeleteAsync(item.ObjectName, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    failed.Add(item.Id);
                    logger.LogError(e, "Media clean-up could not delete object {ObjectName} of upload {UploadId}; it is tried again next run",
                        item.ObjectName, item.Id);
                    continue;
                }
                await conn.ExecuteAsync(new CommandDefinition(MediaSql.MarkObjectDeleted, new { item.Id, now }, cancellationToken: ct));
                deleted++;
            }
        }
    }

    private sealed class DeadObject
    {
        public Guid Id { get; set; }
        public string ObjectName { get; set; } = "";
    }
}
