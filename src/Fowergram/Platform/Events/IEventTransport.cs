namespace Fowergram.Platform.Events;

/// <summary>
/// Carries committed outbox events to every consumer: Service Bus (a topic with one subscription per
/// consumer) in the Functions host, an in-process dispatcher in the Server host. It must not return
/// until the events are durably accepted, because the relay marks them published afterwards.
/// </summary>
public interface IEventTransport
{
    Task PublishAsync(IReadOnlyList<EventEnvelope> events, CancellationToken ct);
}
