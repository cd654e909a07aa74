using Dapper;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// A message a moderator took down, brought back by a reversed appeal (docs/messages.md "Removed messages"): the tombstone
/// becomes the message it was — type, text, photo, video or voice message, what it shared, the note it quoted, its edited
/// mark — with the reactions of those still in the thread, from what the takedown kept aside (removed_messages, migration
/// 0179). A shared reel's or video's share count goes back up (reel.shared / igtv_video.shared, no actor), as a send raises.
/// Its upload is held by its release time, as a reel's is. It cannot come back once the message row is gone (its sender
/// unsent the tombstone, it vanished, the account was purged): the kept row went with it.
/// </summary>
public sealed class MessageReinstatement(TimeProvider time) : StatementReinstatement(time)
{
    private static readonly Statements Steps = new(RemovedMessagesSql.CanComeBack, RemovedMessagesSql.Hold, RemovedMessagesSql.Keep, RemovedMessagesSql.Release, RemovedMessagesSql.Reinstate);

    public override string TargetType => "message";

    protected override Statements Sql => Steps;

    public override async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
    {
        var back = (await conn.QueryAsync<SharedThing>(new CommandDefinition(Sql.Reinstate, new { targetId, now }, tx,
            cancellationToken: ct))).ToList();
        if (back.Count == 0) return false;
        await conn.ExecuteAsync(new CommandDefinition(RemovedMessagesSql.RestoreReactions, new { targetId }, tx, cancellationToken: ct));
        await MessageShares.RaiseAsync(conn, tx, Time, null, back, removed: false, ct);
        return true;
    }
}
