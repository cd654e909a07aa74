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
/// refused delete is recorded and retried after a back-off (docs/media.md "Refused deletes"). Reads never depend on it: a claim checks expires_at itself.
/// </summary>
public sealed class MediaCleanupJob(NpgsqlDataSource db, IMediaStore store, MediaDeleteFailures failures, IOptions<MediaOptions> options,
    ILogger<MediaCleanupJob> logger)
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
        var forgotten = await conn.ExecuteAsync(new CommandDefinition(MediaSql.ForgetNoLongerDue, new { now }, cancellationToken: ct));
        var deleted = await DeleteObjectsAsync(conn, MediaSql.DeadObjects, cutoff, now, ct);
        var released = await DeleteObjectsAsync(conn, MediaSql.ReleasedObjects, cutoff, now, ct);
        var orphaned = await DeleteObjectsAsync(conn, MediaSql.OrphanObjects, cutoff, now, ct);
        if (total + deleted + released + orphaned + forgotten > 0)
            logger.LogInformation("Media clean-up expired {Expired} upload slot(s), deleted {Deleted} dead, {Released} released and {Orphaned} purged "
                + "account's object(s), forgot {Forgotten} refused delete(s) no longer due", total, deleted, released, orphaned, forgotten);
    }

    /// <summary>
    /// Deletes the objects <paramref name="listSql"/> lists, marking each once the store confirmed it (and forgetting a refusal
    /// recorded before). A delete the store refuses is recorded by <see cref="MediaDeleteFailures"/>, whose back-off keeps it
    /// out of the list for the rest of this run and until its next attempt: the lists are oldest first, so one object the store
    /// always refuses stopped every clean-up behind it on every run, and until the record it was tried and logged every run.
    /// </summary>
    private async Task<int> DeleteObjectsAsync(NpgsqlConnection conn, string listSql, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct)
    {
        var deleted = 0;
        while (true)
        {
            var todo = (await conn.QueryAsync<DeadObject>(new CommandDefinition(listSql, new { cutoff, now, batch = Batch }, cancellationToken: ct))).ToList();
            if (todo.Count == 0) return deleted;
            foreach (var item in todo)
            {
                if (!(await failures.DeleteAllAsync(store, conn, null, JobName, Interval, item.Id, [item.ObjectName], now, ct)).Done) continue;
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
