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

    /// <summary>
    /// Whether several events may be handled in one transaction (<see cref="ConsumerRunner.RunManyAsync"/>).
    /// False for a consumer with an effect outside PostgreSQL (a mail sent): a later event failing in the
    /// same transaction would roll back the record of an effect that already happened (its mailed token),
    /// and the retry would repeat it; such a consumer gets one transaction per event.
    /// </summary>
    bool SharesTransactions => true;

    Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);
}
