using Npgsql;

namespace Fowergram.Platform.Events;

/// <summary>
/// A subscriber to outbox events. <see cref="HandleAsync"/> runs inside the transaction that also
/// records the event as processed for this consumer, so its database effects happen exactly once.
/// </summary>
public interface IEventConsumer
{
    /// <summary>Stable, kebab-case: the Service Bus subscription name and the processed_events key.</summary>
    string Name { get; }

    bool Handles(string eventType);

    Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);
}
