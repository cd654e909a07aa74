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
/// failed delete is retried next time. Reads never depend on it: a claim checks expires_at itself.
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

    /// <summary>Deletes the objects <paramref name="listSql"/> lists, marking each once the store confirmed it.</summary>
    private async Task<int> DeleteObjectsAsync(NpgsqlConnection conn, string listSql, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct)
    {
        var deleted = 0;
        List<DeadObject> batch;
        do
        {
            batch = (await conn.QueryAsync<DeadObject>(new CommandDefinition(listSql, new { cutoff, batch = Batch }, cancellationToken: ct))).ToList();
            foreach (var item in batch)
            {
                await store.DeleteAsync(item.ObjectName, ct);
                await conn.ExecuteAsync(new CommandDefinition(MediaSql.MarkObjectDeleted, new { item.Id, now }, cancellationToken: ct));
                deleted++;
            }
        } while (batch.Count == Batch);
        return deleted;
    }

    private sealed class DeadObject
    {
        public Guid Id { get; set; }
        public string ObjectName { get; set; } = "";
    }
}
