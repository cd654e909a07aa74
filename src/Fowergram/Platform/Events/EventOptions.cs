using Fowergram.Platform.Options;

namespace Fowergram.Platform.Events;

/// <summary>Bound from the <c>Events</c> section; the Service Bus subscriptions use the same MaxDeliveryCount (infra/).</summary>
public sealed class EventOptions : ISelfValidatingOptions
{
    public const string Section = "Events";

    /// <summary>Attempts before a message is dead-lettered.</summary>
    public int MaxDeliveryCount { get; set; } = 5;

    /// <summary>Outbox rows claimed per relay round.</summary>
    public int RelayBatchSize { get; set; } = 100;

    /// <summary>Deliveries the Server host claims per round; each consumer's share is applied in one transaction.</summary>
    public int DeliveryBatchSize { get; set; } = 500;

    /// <summary>Safety net when a NOTIFY was missed; normally the relay wakes on commit.</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Peek-lock duration of a delivery in the Server host (like Service Bus LockDuration).</summary>
    public TimeSpan DeliveryLockDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long after its claim the Server host keeps renewing a running delivery's lock (every half lock duration), like
    /// host.json's <c>maxAutoLockRenewalDuration</c> (5 minutes) for Service Bus; a handler still running then loses its lock one
    /// lock duration later at most, and the delivery may be claimed again. Zero turns renewal off.
    /// </summary>
    public TimeSpan MaxLockRenewalDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>First retry delay; doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a delivery that failed on its <paramref name="deliveryCount"/>th attempt waits before the next: 2 s, 4 s, 8 s …</summary>
    public TimeSpan RetryDelay(int deliveryCount) => RetryBaseDelay * Math.Pow(2, Math.Max(deliveryCount, 1) - 1);

    /// <summary>
    /// How long a published outbox row is kept (event-housekeeping deletes older ones). Consumers look back
    /// at most an hour for events still in flight; the rest of the week is for operators tracing an event.
    /// </summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a consumer's processed marker is kept: it is what makes a late duplicate a no-op, so it must
    /// outlive any message still queued — longer than the Service Bus message time-to-live (14 days, infra/)
    /// — and outlive its outbox row, which consumers look up with it.
    /// </summary>
    public TimeSpan ProcessedRetention { get; set; } = TimeSpan.FromDays(15);

    public IEnumerable<string> Problems()
    {
        if (MaxDeliveryCount is < 1 or > 100) yield return "Events:MaxDeliveryCount must be between 1 and 100.";
        if (RelayBatchSize is < 1 or > 10_000) yield return "Events:RelayBatchSize must be between 1 and 10000.";
        if (DeliveryBatchSize is < 1 or > 10_000) yield return "Events:DeliveryBatchSize must be between 1 and 10000.";
        if (DeliveryLockDuration < TimeSpan.FromMilliseconds(100)) yield return "Events:DeliveryLockDuration must be at least 100 milliseconds.";
        if (MaxLockRenewalDuration < TimeSpan.Zero) yield return "Events:MaxLockRenewalDuration must not be negative (zero turns lock renewal off).";
        if (OutboxRetention < TimeSpan.FromDays(1)) yield return "Events:OutboxRetention must be at least one day (consumers look back an hour for events in flight).";
        if (ProcessedRetention <= OutboxRetention) yield return "Events:ProcessedRetention must be longer than Events:OutboxRetention.";
    }
}
