using Azure.Messaging.ServiceBus;
using Fowergram.Platform.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Fowergram.Functions.Azure;

/// <summary>
/// Publishes outbox events to the Service Bus topic; each consumer has its own subscription. The
/// MessageId is the event id, so the topic's duplicate detection drops a republished event, and
/// consumers are idempotent on the same id whatever gets through.
/// </summary>
public sealed class ServiceBusEventTransport(ServiceBusClient client, IConfiguration configuration,
    ILogger<ServiceBusEventTransport> logger) : IEventTransport, IAsyncDisposable
{
    private readonly string _topic = ServiceBusSettings.Topic(configuration);
    // Thread-safe and long-lived, as the SDK recommends; it opens its link on the first send.
    private readonly ServiceBusSender _sender = client.CreateSender(ServiceBusSettings.Topic(configuration));

    public async Task PublishAsync(IReadOnlyList<EventEnvelope> events, CancellationToken ct)
    {
        // Fill a batch up to the namespace's size limit, send it, start the next with what did not fit.
        var next = 0;
        while (next < events.Count)
        {
            using var batch = await _sender.CreateMessageBatchAsync(ct);
            while (next < events.Count && batch.TryAddMessage(ToMessage(events[next]))) next++;
            if (batch.Count == 0)
                throw new InvalidOperationException(
                    $"Event {events[next].Id} ({events[next].Type}) is larger than a Service Bus message may be; it stays unpublished in the outbox.");
            await _sender.SendMessagesAsync(batch, ct);
            logger.LogDebug("Published {Count} events to topic {Topic}", batch.Count, _topic);
        }
    }

    public static ServiceBusMessage ToMessage(EventEnvelope envelope) => new(envelope.ToJson())
    {
        MessageId = envelope.Id.ToString(),
        Subject = envelope.Type,
        ContentType = "application/json",
    };

    public ValueTask DisposeAsync() => _sender.DisposeAsync();
}
