using Dapper;
using Fowergram.Platform;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// A broadcast channel a moderator took down, brought back by a reversed appeal (docs/messages.md "Removed channels"): seen
/// again as it was — live or ended, with its members, co-hosts, messages, votes and reactions, which never left — except that
/// a live one comes back ended when its owner has five live channels meanwhile (the cap holds after a reinstatement too).
/// Its messages' uploads are held by their release time meanwhile; an upheld removal deletes the channel.
/// </summary>
public sealed class ChannelReinstatement(TimeProvider time) : StatementReinstatement(time)
{
    private static readonly Statements Steps = new(RemovedChannelsSql.CanComeBack, RemovedChannelsSql.Hold,
        RemovedChannelsSql.Keep, RemovedChannelsSql.Release, RemovedChannelsSql.Reinstate);

    public override string TargetType => ChannelTakedown.Channel;

    protected override Statements Sql => Steps;

    public override async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
    {
        var args = new { targetId, channelId = targetId, now };
        await conn.ExecuteAsync(new CommandDefinition(RemovedChannelsSql.LockOwner, args, tx, cancellationToken: ct));
        if (!await base.ReinstateAsync(conn, tx, targetId, now, ct)) return false;
        // Ended by the cap, not by its owner: its scheduled messages go as an end takes them (a co-host told of theirs), the owner is told why, and no
        // "ended" event is raised (that is the owner's act, which the activity log records).
        var endedRows = await conn.QueryAsync<(Guid OwnerId, string Name)>(new CommandDefinition(RemovedChannelsSql.EndAboveCap, args, tx,
            cancellationToken: ct));
        if (endedRows.ToList() is not [var ended]) return true;
        await conn.ExecuteAsync(new CommandDefinition(ScheduledChannelMessagesSql.DropOfChannel, new
        {
            channelId = targetId, viewer = ended.OwnerId, now, notice = ScheduledChannelMessages.DroppedNotice(ended.Name, "the channel has ended"),
        }, tx, cancellationToken: ct));
        var message = $"Your broadcast channel \"{ended.Name}\" is back, ended: you have {ChannelRules.MaxLiveChannels} live channels. " +
                      "Its members can still read it.";
        await conn.ExecuteAsync(new CommandDefinition(ScheduledChannelMessagesSql.Notice, new { id = Ids.New(Time), userId = ended.OwnerId, message, now },
            tx, cancellationToken: ct));
        return true;
    }
}
