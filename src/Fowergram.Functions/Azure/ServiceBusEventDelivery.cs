using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Fowergram.Platform.Events;
using Fowergram.Platform.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Fowergram.Functions.Azure;

/// <summary>
/// Runs a batch of Service Bus messages through <see cref="ConsumerRunner.RunManyAsync"/> (one transaction
/// for the batch, one per message if that fails) and settles each message (the triggers set
/// AutoCompleteMessages = false). Applied, already processed or not handled: complete. A body that is not
/// an event envelope can never succeed: dead-letter it now rather than after every retry. A message whose
/// event failed is abandoned: Service Bus redelivers it and, after the subscription's MaxDeliveryCount,
/// moves it to the dead-letter queue; the rest of its batch is completed. Nothing is half-applied
/// meanwhile, because the runner commits the processed markers with the effects.
/// </summary>
public sealed class ServiceBusEventDelivery(ConsumerRunner runner, ILogger<ServiceBusEventDelivery> logger)
{
    public const string MalformedReason = "MalformedEnvelope";

    public async Task DeliverAsync(string consumer, IReadOnlyList<ServiceBusReceivedMessage> messages, ServiceBusMessageActions actions,
        CancellationToken ct)
    {
        var readable = new List<(ServiceBusReceivedMessage Message, EventEnvelope Envelope)>(messages.Count);
        foreach (var message in messages)
        {
            try
            {
                readable.Add((message, EventEnvelope.FromJson(message.Body.ToString())));
            }
            catch (JsonException ex)
            {
                logger.LogError(ex, "Dead-lettering message {MessageId} for {Consumer}: the body is not an event envelope",
                    message.MessageId, consumer);
                await actions.DeadLetterMessageAsync(message, deadLetterReason: MalformedReason,
                    deadLetterErrorDescription: ex.Message, cancellationToken: ct);
                // The other dead letters (MaxDeliveryCountExceeded) are Service Bus's own doing: its DeadletteredMessages metric counts them.
                EventMetrics.DeadLettered(consumer, EventMetrics.MalformedEnvelope);
            }
        }
        if (readable.Count == 0) return;
        // Oldest first, as the Server host claims them: a redelivered message arrives after newer ones, and
        // in time order an unlike follows its like and a run of one post's likes stays together
        // (docs/events.md, "Batches"). Order is an optimisation; the runner is correct in any order.
        readable = readable.OrderBy(r => r.Envelope.OccurredAt).ThenBy(r => r.Envelope.Id).ToList();

        foreach (var (message, envelope) in readable.Where(r => r.Message.DeliveryCount > 1))
            logger.LogWarning("Event {EventId} redelivered to {Consumer} (delivery {DeliveryCount})", envelope.Id, consumer, message.DeliveryCount);
        var errors = await runner.RunManyAsync(consumer, readable.Select(r => r.Envelope).ToList(), alsoInTransaction: null, ct);
        for (var i = 0; i < readable.Count; i++)
        {
            var (message, envelope) = readable[i];
            if (errors[i] is { } error)
            {
                logger.LogWarning(error, "Event {EventId} ({EventType}) failed in {Consumer} (delivery {DeliveryCount}); abandoned for redelivery",
                    envelope.Id, envelope.Type, consumer, message.DeliveryCount);
                await actions.AbandonMessageAsync(message, cancellationToken: ct);
            }
            else
                await actions.CompleteMessageAsync(message, ct);
        }
    }
}
