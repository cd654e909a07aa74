namespace Fowergram.Features.Messages;

/// <summary>
/// Outbox event types of broadcast channels (docs/messages.md "Broadcast channels"). channel-notifications consumes created
/// (the invitation notices to the owner's followers); activity-log logs them all.
/// </summary>
public static class ChannelEvents
{
    public const string Created = "broadcast_channel.created";
    public const string Ended = "broadcast_channel.ended";

    public const string EntityChannel = "broadcast_channel";
}

/// <summary>broadcast_channel.created / ended (actor: the owner).</summary>
public sealed record ChannelEvent(Guid ChannelId, Guid OwnerId, string EntityType, Guid EntityId)
{
    public static ChannelEvent Of(Guid channelId, Guid ownerId) => new(channelId, ownerId, ChannelEvents.EntityChannel, channelId);
}
