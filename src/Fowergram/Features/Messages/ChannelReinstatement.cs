namespace Fowergram.Features.Messages;

/// <summary>
/// A broadcast channel a moderator took down, brought back by a reversed appeal (docs/messages.md "Removed channels"): seen
/// again exactly as it was — live or ended, with its members, co-hosts, messages, votes and reactions, which never left.
/// Its messages' uploads are held by their release time meanwhile; an upheld removal deletes the channel.
/// </summary>
public sealed class ChannelReinstatement(TimeProvider time) : StatementReinstatement(time)
{
    private static readonly Statements Steps = new(RemovedChannelsSql.IsLive, RemovedChannelsSql.CanComeBack, RemovedChannelsSql.Hold,
        RemovedChannelsSql.Keep, RemovedChannelsSql.Release, RemovedChannelsSql.Reinstate);

    public override string TargetType => ChannelTakedown.Channel;

    protected override Statements Sql => Steps;
}
