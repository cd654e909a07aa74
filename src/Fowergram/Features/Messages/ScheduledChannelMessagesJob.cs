using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Posts the scheduled channel messages whose time has come (<see cref="ScheduledPublishingJob"/>). One whose channel ended
/// or whose sender is no longer a host is dropped instead, its upload released; either way the sender gets a system notice.
/// </summary>
public sealed class ScheduledChannelMessagesJob(NpgsqlDataSource db, ScheduledChannelMessages scheduled, TimeProvider time,
    ILogger<ScheduledChannelMessagesJob> logger) : ScheduledPublishingJob(db, logger)
{
    public const string JobName = "scheduled-channel-messages";
    public const string JobSchedule = "0 * * * * *";

    private const string Key = "SELECT channel_id, sender_id FROM broadcast_channel_scheduled_messages WHERE id = @id";

    public override string Name => JobName;
    public override string Schedule => JobSchedule;
    protected override string Kind => "channel messages";
    protected override string DueSql => ScheduledChannelMessagesSql.Due;
    protected override string FailedSql => ScheduledChannelMessagesSql.Failed;

    // Posting checks nothing the sender could fix (a refusal drops the message instead): a failure is ours, without details.
    protected override string FailureReason(Exception error) => "It could not be posted because of an error on our side; it will be tried again.";

    protected override async Task<bool> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset now, Attempt attempt,
        CancellationToken ct)
    {
        var key = await conn.QuerySingleOrDefaultAsync<ScheduledChannelMessageRow>(new CommandDefinition(Key, new { id }, tx, cancellationToken: ct));
        if (key is null) return false; // cancelled or posted meanwhile
        // The channel before the row, as the routes and ending a channel lock them: no run deadlocks with an end.
        var channel = await ChannelAccess.FindAsync(conn, tx, key.SenderId, key.ChannelId, ct);
        var row = await conn.QuerySingleOrDefaultAsync<ScheduledChannelMessageRow>(new CommandDefinition(ScheduledChannelMessagesSql.LockDue,
            new { id, now }, tx, cancellationToken: ct));
        if (row is null) return false; // another run has it, it was cancelled, or its sender may not post now
        var at = Timestamps.Now(time);
        string message;
        if (ScheduledChannelMessages.Refusal(channel) is { } refusal)
        {
            await conn.ExecuteAsync(new CommandDefinition(ScheduledChannelMessagesSql.Cancel, new { id, now = at }, tx, cancellationToken: ct));
            message = channel is null
                ? $"Your scheduled channel message was not posted: {refusal}."
                : ScheduledChannelMessages.DroppedNotice(channel.Name, refusal);
        }
        else
        {
            await scheduled.PublishAsync(conn, tx, row, ct);
            message = $"Your scheduled message was posted in \"{channel!.Name}\".";
        }
        await conn.ExecuteAsync(new CommandDefinition(ScheduledChannelMessagesSql.Notice, new { id = Ids.New(time), userId = row.SenderId, message, now = at },
            tx, cancellationToken: ct));
        return true;
    }
}
