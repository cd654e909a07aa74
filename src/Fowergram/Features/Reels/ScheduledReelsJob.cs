using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>Publishes the scheduled reels whose time has come (<see cref="ScheduledPublishingJob"/>); each author gets a notice that it was shared.</summary>
public sealed class ScheduledReelsJob(NpgsqlDataSource db, ScheduledReels scheduled, TimeProvider time, ILogger<ScheduledReelsJob> logger)
    : ScheduledPublishingJob(db, logger)
{
    public const string JobName = "scheduled-reels";
    public const string JobSchedule = "0 * * * * *";

    public override string Name => JobName;
    public override string Schedule => JobSchedule;
    protected override string Kind => "reels";
    protected override string DueSql => ScheduledReelsSql.Due;
    protected override string FailedSql => ScheduledReelsSql.Failed;

    // A refusal (rules, sound, remixed reel) is the owner's to fix and says which; anything else is ours, without details.
    protected override string FailureReason(Exception error) => error is ScheduledReelRefused
        ? error.Message
        : "It could not be published because of an error on our side; it will be tried again.";

    protected override async Task<bool> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset now, Attempt attempt,
        CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<ScheduledReelRow>(new CommandDefinition(ScheduledReelsSql.LockDue, new { id, now }, tx,
            cancellationToken: ct));
        if (row is null) return false; // another run has it, it was cancelled or moved later, or its account may not post now
        attempt.Version = row.UpdatedAt;
        var reelId = await scheduled.PublishAsync(conn, tx, row, ct);
        await conn.ExecuteAsync(new CommandDefinition(ScheduledReelsSql.SharedNotice,
            new { id = Ids.New(time), userId = row.UserId, entityId = reelId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        return true;
    }
}
