using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Fowergram.Platform.Events;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Fowergram.Functions.Azure;

/// <summary>
/// Runs one Service Bus message through <see cref="ConsumerRunner"/> and settles it (the triggers set
/// AutoCompleteMessages = false). Applied, already processed or not handled: complete. A body that
/// is not an event envelope can never succeed: dead-letter it now rather than after every retry.
/// Anything else throws: the message is abandoned (or its lock expires), Service Bus redelivers it,
/// and after the subscription's MaxDeliveryCount it moves it to the dead-letter queue. Nothing is
/// half-applied meanwhile, because the runner commits the processed marker with the effect.
/// </summary>
public sealed class ServiceBusEventDelivery(ConsumerRunner runner, ILogger<ServiceBusEventDelivery> logger)
{
    public const string MalformedReason = "MalformedEnvelope";

    public async Task DeliverAsync(string consumer, ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken ct)
    {
        EventEnvelope envelope;
        try
        {
            envelope = EventEnvelope.FromJson(message.Body.ToString());
        }
        catch (JsonException ex)
        {
            logger.LogError(ex, "Dead-lettering message {MessageId} for {Consumer}: the body is not an event envelope",
                message.MessageId, consumer);
            await actions.DeadLetterMessageAsync(message, deadLetterReason: MalformedReason,
                deadLetterErrorDescription: ex.Message, cancellationToken: ct);
            return;
        }

        if (message.DeliveryCount > 1)
            logger.LogWarning("Event {EventId} redelivered to {Consumer} (delivery {DeliveryCount})",
                envelope.Id, consumer, message.DeliveryCount);
        var outcome = await runner.RunAsync(consumer, envelope, ct);
        logger.LogDebug("Event {EventId} ({EventType}) for {Consumer}: {Outcome}", envelope.Id, envelope.Type, consumer, outcome);
        await actions.CompleteMessageAsync(message, ct);
    }
}
