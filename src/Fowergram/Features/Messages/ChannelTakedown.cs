using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// A moderator's removal of a broadcast channel message or of a whole channel (docs/messages.md "Removed channel messages",
/// "Removed channels"): a message becomes a tombstone in its channel, what it said kept aside for an appeal
/// (<see cref="RemovedChannelMessagesSql.Remove"/>); a channel is hidden from everyone with everything in it kept
/// (<see cref="RemovedChannelsSql.Remove"/>). Nothing counts channel messages, so no event is raised.
/// </summary>
public sealed class ChannelTakedown : ITakedown
{
    public const string Message = "channel_message";
    public const string Channel = "broadcast_channel";

    public IReadOnlyCollection<string> TargetTypes { get; } = [Message, Channel];

    public async Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct) =>
        await conn.ExecuteScalarAsync<int>(new CommandDefinition(targetType == Channel ? RemovedChannelsSql.Remove : RemovedChannelMessagesSql.Remove,
            new { targetId, now }, tx, cancellationToken: ct)) == 1 ? Takedown.Removed : Takedown.Gone;
}
