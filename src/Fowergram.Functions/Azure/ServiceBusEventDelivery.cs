using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Fowergram.Platform.Events;
using Fowergram.Platform.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fowergram.Functions.Azure;

/// <summary>
/// Runs a batch of Service Bus messages through <see cref="ConsumerRunner.RunManyAsync"/> (one transaction
/// for the batch, one per message if that fails) and settles each message (the triggers set
/// AutoCompleteMessages = false). Applied, already processed or not handled: complete. A body that is not
/// an event envelope can never succeed: dead-letter it now rather than after every retry. A message whose
/// event failed is abandoned after the Server host's backoff (<see cref="EventOptions.RetryDelay"/>): Service Bus
/// redelivers it and, after the subscription's MaxDeliveryCount, moves it to the dead-letter queue; the rest of
/// its batch is completed first. Nothing is half-applied meanwhile, because the runner commits the processed
/// markers with the effects.
/// </summary>
public sealed class ServiceBusEventDelivery(ConsumerRunner runner, IOptions<EventOptions> options, TimeProvider time,
    ILogger<ServiceBusEventDelivery> logger)
{
    public const string MalformedReason = "MalformedEnvelope";

    /// <summary>
    /// The longest a failed message is held before it is abandoned: well inside the subscriptions' one-minute lock
    /// (infra/), so the abandon still holds the lock whether or not the host renews it for a batch.
    /// </summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

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
        var failed = new List<(ServiceBusReceivedMessage Message, TimeSpan Delay)>();
        for (var i = 0; i < readable.Count; i++)
        {
            var (message, envelope) = readable[i];
            if (errors[i] is { } error)
            {
                var delay = RetryDelay(message.DeliveryCount);
                logger.LogWarning(error, "Event {EventId} ({EventType}) failed in {Consumer} (delivery {DeliveryCount}); abandoned for redelivery in {Delay}",
                    envelope.Id, envelope.Type, consumer, message.DeliveryCount, delay);
                failed.Add((message, delay));
            }
            else
                await actions.CompleteMessageAsync(message, ct);
        }
        await AbandonAfterBackoffAsync(failed, actions, ct);
    }

    /// <summary>
    /// An abandoned message is redelivered at once, so abandoning a failure straight away spent all of MaxDeliveryCount in a
    /// second or two: a database failover or an exhausted pool dead-lettered every event in flight. Each is held for the
    /// backoff the Server host gives it (2 s, 4 s, 8 s, 16 s) and then abandoned; the last attempt goes to the dead-letter
    /// queue at once, nothing is gained by waiting for it.
    /// </summary>
    private async Task AbandonAfterBackoffAsync(List<(ServiceBusReceivedMessage Message, TimeSpan Delay)> failed,
        ServiceBusMessageActions actions, CancellationToken ct)
    {
        var waited = TimeSpan.Zero;
        foreach (var (message, delay) in failed.OrderBy(f => f.Delay))
        {
            if (delay > waited)
            {
                await Task.Delay(delay - waited, time, ct);
                waited = delay;
            }
            await actions.AbandonMessageAsync(message, cancellationToken: ct);
        }
    }

    private TimeSpan RetryDelay(int deliveryCount) =>
        deliveryCount >= options.Value.MaxDeliveryCount ? TimeSpan.Zero
            : TimeSpan.FromTicks(Math.Min(options.Value.RetryDelay(deliveryCount).Ticks, MaxRetryDelay.Ticks));
}
