using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Publishes the scheduled posts whose time has come, every minute, each in a transaction of its own (so one that fails
/// leaves the others published). Two runs at once share the work: each post is taken under a row lock the other skips.
/// A post missed while the job was down is published at the next run, with that time as its creation time. Its author gets
/// a notice that it was shared.
/// </summary>
public sealed class ScheduledPostsJob(NpgsqlDataSource db, ScheduledPosts scheduled, TimeProvider time, ILogger<ScheduledPostsJob> logger)
    : IScheduledJob
{
    public const string JobName = "scheduled-posts";
    public const string JobSchedule = "0 * * * * *";

    /// <summary>Posts looked at per pass; a run makes passes until none is due.</summary>
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
                due = (await conn.QueryAsync<Guid>(new CommandDefinition(ScheduledPostsSql.Due, new { now, batch = Batch + seen.Count },
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
                    logger.LogError(e, "Scheduled post {ScheduledPostId} could not be published", id);
                    await RecordFailureAsync(id, now, e, ct);
                }
            }
        }
        if (published > 0 || failed > 0)
            logger.LogInformation("Published {Published} scheduled posts; {Failed} failed and stay scheduled", published, failed);
    }

    private async Task RecordFailureAsync(Guid id, DateTimeOffset now, Exception error, CancellationToken ct)
    {
        // A rule a stored post no longer passes is the owner's to fix; anything else is ours, and says so without details.
        var reason = error is InvalidOperationException
            ? "It no longer passes the rules for posts (edit its caption or location, or cancel it)."
            : "It could not be published because of an error on our side; it will be tried again.";
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(ScheduledPostsSql.Failed, new { id, now, failure = reason }, cancellationToken: ct));
    }

    private async Task<bool> PublishAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<ScheduledPostRow>(new CommandDefinition(ScheduledPostsSql.LockDue, new { id, now }, tx,
            cancellationToken: ct));
        if (row is null) return false; // another run has it, it was cancelled or moved later, or its account may not post now
        var postId = await scheduled.PublishAsync(conn, tx, row, ct);
        await conn.ExecuteAsync(new CommandDefinition(ScheduledPostsSql.SharedNotice,
            new { id = Ids.New(time), userId = row.UserId, postId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }
}
