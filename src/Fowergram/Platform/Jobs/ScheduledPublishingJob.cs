using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Platform.Jobs;

/// <summary>
/// The walk the scheduled-content jobs share (scheduled-posts, scheduled-reels): every minute, what is due is published, each
/// in a transaction of its own (so one that fails leaves the others published). Two runs at once share the work: each item
/// is taken under a row lock the other skips. One missed while the job was down is published at the next run, with that
/// time as its creation time. One that cannot be published stays scheduled with the reason shown to its owner, and the next
/// run tries again.
/// </summary>
public abstract class ScheduledPublishingJob(NpgsqlDataSource db, ILogger logger) : IScheduledJob
{
    /// <summary>Items looked at per pass; a run makes passes until none is due.</summary>
    private const int Batch = 100;

    public abstract string Name { get; }
    public abstract string Schedule { get; }
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    /// <summary>What is published, for the log ("posts", "reels").</summary>
    protected abstract string Kind { get; }

    /// <summary>The due items' ids, oldest time first; binds @now and @batch.</summary>
    protected abstract string DueSql { get; }

    /// <summary>
    /// Records a failure; binds @id, @now, @failure and @version (the <see cref="Attempt.Version"/> tried, or null). It runs
    /// after the attempt rolled back, so an owner's edit may have committed in between: a table whose edits clear the
    /// failure records it only on the version tried, or the owner would be shown what the edit already fixed.
    /// </summary>
    protected abstract string FailedSql { get; }

    /// <summary>What an attempt locked: the row's version (its updated_at), set once the row is held; null before, or for a table without one.</summary>
    protected sealed class Attempt
    {
        public DateTimeOffset? Version { get; set; }
    }

    /// <summary>What the owner is shown when <paramref name="error"/> kept the item from being published.</summary>
    protected abstract string FailureReason(Exception error);

    /// <summary>
    /// Locks the due item <paramref name="id"/> (skipping one another run holds), notes its version in
    /// <paramref name="attempt"/>, and publishes it in <paramref name="tx"/>; false when there was nothing to take. A refusal
    /// throws <see cref="InvalidOperationException"/>.
    /// </summary>
    protected abstract Task<bool> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset now, Attempt attempt,
        CancellationToken ct);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var seen = new HashSet<Guid>(); // published, failed, or held by another run: not asked again in this run
        var (published, failed) = (0, 0);
        while (true)
        {
            List<Guid> due;
            await using (var conn = await db.OpenConnectionAsync(ct))
                due = (await conn.QueryAsync<Guid>(new CommandDefinition(DueSql, new { now, batch = Batch + seen.Count },
                    cancellationToken: ct))).Where(seen.Add).ToList();
            if (due.Count == 0) break;
            foreach (var id in due)
            {
                var attempt = new Attempt();
                try
                {
                    if (await PublishOneAsync(id, now, attempt, ct)) published++;
                }
                // Any error, not only a refusal or the database's: one this run did not foresee (a stored item that no longer
                // reads, a content type no longer allowed) stopped the run, and as the oldest item it came first every
                // minute, so nothing scheduled after it was ever published. Only the host stopping ends the run.
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    failed++;
                    logger.LogError(e, "Scheduled {Kind} item {ScheduledId} could not be published", Kind, id);
                    await using var conn = await db.OpenConnectionAsync(ct);
                    await conn.ExecuteAsync(new CommandDefinition(FailedSql, new { id, now, failure = FailureReason(e), version = attempt.Version }, cancellationToken: ct));
                }
            }
        }
        if (published > 0 || failed > 0)
            logger.LogInformation("Published {Published} scheduled {Kind}; {Failed} failed and stay scheduled", published, Kind, failed);
    }

    private async Task<bool> PublishOneAsync(Guid id, DateTimeOffset now, Attempt attempt, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await PublishAsync(conn, tx, id, now, attempt, ct)) return false;
        await tx.CommitAsync(ct);
        return true;
    }
}
