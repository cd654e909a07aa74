using Dapper;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Media;

/// <summary>
/// Expires pending upload slots past their expiry and deletes the objects of expired and rejected slots
/// once their upload URLs are dead. Idempotent: a second or concurrent run finds nothing left to do, and a
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
        var deleted = 0;
        List<DeadObject> dead;
        do
        {
            dead = (await conn.QueryAsync<DeadObject>(new CommandDefinition(MediaSql.DeadObjects, new { cutoff, batch = Batch }, cancellationToken: ct))).ToList();
            foreach (var item in dead)
            {
                await store.DeleteAsync(item.ObjectName, ct);
                await conn.ExecuteAsync(new CommandDefinition(MediaSql.MarkObjectDeleted, new { item.Id, now }, cancellationToken: ct));
                deleted++;
            }
        } while (dead.Count == Batch);
        if (total + deleted > 0) logger.LogInformation("Media clean-up expired {Expired} upload slot(s) and deleted {Deleted} object(s)", total, deleted);
    }

    private sealed class DeadObject
    {
        public Guid Id { get; set; }
        public string ObjectName { get; set; } = "";
    }
}
