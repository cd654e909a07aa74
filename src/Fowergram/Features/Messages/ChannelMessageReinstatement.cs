namespace Fowergram.Features.Messages;

/// <summary>
/// A channel message a moderator took down, brought back by a reversed appeal (docs/messages.md "Removed channel messages"):
/// the tombstone becomes the message it was — text, photo, video or voice message, poll — from what the takedown kept aside
/// (removed_channel_messages, migration 0185); its votes and reactions never left. It cannot come back once the row is gone
/// (deleted by its sender or the channel's owner, the channel deleted, the sender purged).
/// </summary>
public sealed class ChannelMessageReinstatement(TimeProvider time) : StatementReinstatement(time)
{
    private static readonly Statements Steps = new(RemovedChannelMessagesSql.CanComeBack,
        RemovedChannelMessagesSql.Hold, RemovedChannelMessagesSql.Keep, RemovedChannelMessagesSql.Release, RemovedChannelMessagesSql.Reinstate);

    public override string TargetType => ChannelTakedown.Message;

    protected override Statements Sql => Steps;
}
