namespace Fowergram.Platform.Events;

/// <summary>Bound from the <c>Events</c> section; the Service Bus subscriptions use the same MaxDeliveryCount (infra/).</summary>
public sealed class EventOptions
{
    public const string Section = "Events";

    /// <summary>Attempts before a message is dead-lettered.</summary>
    public int MaxDeliveryCount { get; set; } = 5;

    /// <summary>Outbox rows claimed per relay round.</summary>
    public int RelayBatchSize { get; set; } = 100;

    /// <summary>Safety net when a NOTIFY was missed; normally the relay wakes on commit.</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Peek-lock duration of a delivery in the Server host (like Service Bus LockDuration).</summary>
    public TimeSpan DeliveryLockDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>First retry delay; doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
}
