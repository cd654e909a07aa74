using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Publishes the scheduled reels whose time has come, every minute, each in a transaction of its own (so one that fails
/// leaves the others published), as ScheduledPostsJob does for posts. Two runs at once share the work: each reel is taken
/// under a row lock the other skips. A reel missed while the job was down is published at the next run, with that time as
/// its creation time. Its author gets a notice that it was shared.
/// </summary>
public sealed class ScheduledReelsJob(NpgsqlDataSource db, ScheduledReels scheduled, TimeProvider time, ILogger<ScheduledReelsJob> logger)
    : IScheduledJob
{
    public const string JobName = "scheduled-reels";
    public const string JobSchedule = "0 * * * * *";

    /// <summary>Reels looked at per pass; a run makes passes until none is due.</summary>
    private const int Batch = 100;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var seen = new HashSet<Guid>(); // published, failed, or held by another run: not asked again in this run
        var (published, failed) = (0, 0);
        while (true)
        {
            List<Guid> due;
            await using (var conn = await db.OpenConnectionAsync(ct))
                due = (await conn.QueryAsync<Guid>(new CommandDefinition(ScheduledReelsSql.Due, new { now, batch = Batch + seen.Count },
                    cancellationToken: ct))).Where(seen.Add).ToList();
            if (due.Count == 0) break;
            foreach (var id in due)
            {
                try
                {
                    if (await PublishAsync(id, now, ct)) published++;
                }
                catch (Exception e) when (e is InvalidOperationException or PostgresException)
                {
                    // Kept scheduled, with the reason shown to its owner to edit or cancel; the next run tries again.
                    failed++;
                    logger.LogError(e, "Scheduled reel {ScheduledReelId} could not be published", id);
                    await RecordFailureAsync(id, now, e, ct);
                }
            }
        }
        if (published > 0 || failed > 0)
            logger.LogInformation("Published {Published} scheduled reels; {Failed} failed and stay scheduled", published, failed);
    }

    private async Task RecordFailureAsync(Guid id, DateTimeOffset now, Exception error, CancellationToken ct)
    {
        // A refusal (rules, sound, remixed reel) is the owner's to fix and says which; anything else is ours, without details.
        var reason = error is ScheduledReelRefused
            ? error.Message
            : "It could not be published because of an error on our side; it will be tried again.";
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(ScheduledReelsSql.Failed, new { id, now, failure = reason }, cancellationToken: ct));
    }

    private async Task<bool> PublishAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<ScheduledReelRow>(new CommandDefinition(ScheduledReelsSql.LockDue, new { id, now }, tx,
            cancellationToken: ct));
        if (row is null) return false; // another run has it, it was cancelled or moved later, or its account may not post now
        var reelId = await scheduled.PublishAsync(conn, tx, row, ct);
        await conn.ExecuteAsync(new CommandDefinition(ScheduledReelsSql.SharedNotice,
            new { id = Ids.New(time), userId = row.UserId, reelId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }
}
