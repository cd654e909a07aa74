using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>Publishes the scheduled posts whose time has come (<see cref="ScheduledPublishingJob"/>); each author gets a notice that it was shared.</summary>
public sealed class ScheduledPostsJob(NpgsqlDataSource db, ScheduledPosts scheduled, TimeProvider time, ILogger<ScheduledPostsJob> logger)
    : ScheduledPublishingJob(db, logger)
{
    public const string JobName = "scheduled-posts";
    public const string JobSchedule = "0 * * * * *";

    public override string Name => JobName;
    public override string Schedule => JobSchedule;
    protected override string Kind => "posts";
    protected override string DueSql => ScheduledPostsSql.Due;
    protected override string FailedSql => ScheduledPostsSql.Failed;

    // A rule a stored post no longer passes is the owner's to fix; anything else is ours, and says so without details.
    protected override string FailureReason(Exception error) => error switch
    {
        ScheduledPostRefused { Field: "musicTrackId" } => "Its music track is no longer available (change or remove its music, or cancel it).",
        ScheduledPostRefused { Field: "musicStartSeconds" } => "Its music clip starts past the end of the track (change its music, or cancel it).",
        ScheduledPostRefused => "It no longer passes the rules for posts (edit its caption or location, or cancel it).",
        _ => "It could not be published because of an error on our side; it will be tried again.",
    };

    protected override async Task<bool> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset now, Attempt attempt,
        CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<ScheduledPostRow>(new CommandDefinition(ScheduledPostsSql.LockDue, new { id, now }, tx,
            cancellationToken: ct));
        if (row is null) return false; // another run has it, it was cancelled or moved later, or its account may not post now
        attempt.Version = row.UpdatedAt;
        var postId = await scheduled.PublishAsync(conn, tx, row, ct);
        await conn.ExecuteAsync(new CommandDefinition(ScheduledPostsSql.SharedNotice,
            new { id = Ids.New(time), userId = row.UserId, entityId = postId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        return true;
    }
}
