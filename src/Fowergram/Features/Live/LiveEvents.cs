namespace Fowergram.Features.Live;

/// <summary>
/// Outbox event types of live broadcasts (docs/live.md). live-notifications consumes started; activity-log logs them all.
/// Every payload carries streamId and entityType 'live_stream' (the type can_view_entity knows).
/// </summary>
public static class LiveEvents
{
    public const string Started = "live_stream.started";
    public const string Ended = "live_stream.ended";

    public const string EntityStream = "live_stream";
}

/// <summary>live_stream.started / ended (actor: the broadcaster; none when a purge ends it).</summary>
public sealed record LiveEvent(Guid StreamId, Guid BroadcasterId, string EntityType, Guid EntityId)
{
    public static LiveEvent Of(Guid streamId, Guid broadcasterId) => new(streamId, broadcasterId, LiveEvents.EntityStream, streamId);
}
