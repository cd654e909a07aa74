using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Removing a message for everyone in its thread (its photo or video to media-cleanup, the share count of a reel or video
/// it shared down): its sender unsending it (MessagesApi: the row goes), or a moderator acting on a report (no actor: the
/// row stays as a 'removed' tombstone, so the thread shows where something was taken down; migration 0132). A takedown keeps
/// what the tombstone erased aside (removed_messages, migration 0179) for an appeal: <see cref="MessageReinstatement"/>.
/// </summary>
public sealed class MessageTakedown(TimeProvider time) : ITakedown
{
    public IReadOnlyCollection<string> TargetTypes { get; } = ["message"];

    /// <summary>Deletes the sender's message; false when it is gone already.</summary>
    internal static async Task<bool> RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid? actor, Guid messageId,
        Guid senderId, DateTimeOffset now, CancellationToken ct)
    {
        var gone = (await conn.QueryAsync<SharedThing>(new CommandDefinition(MessagesSql.Unsend,
            new { messageId, viewer = senderId, now }, tx, cancellationToken: ct))).ToList();
        if (gone.Count == 0) return false;
        await MessageShares.RaiseAsync(conn, tx, time, actor, gone, removed: true, ct);
        return true;
    }

    /// <summary>False when there is nothing left to take down: the message is gone or already a tombstone.</summary>
    public async Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct)
    {
        var gone = (await conn.QueryAsync<SharedThing>(new CommandDefinition(MessagesSql.Remove,
            new { messageId = targetId, now }, tx, cancellationToken: ct))).ToList();
        if (gone.Count == 0) return Takedown.Gone;
        await MessageShares.RaiseAsync(conn, tx, time, null, gone, removed: true, ct);
        return Takedown.Removed;
    }
}
