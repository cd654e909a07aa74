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

    /// <summary>
    /// Optional, for set-based batches: events next to each other in a batch with the same non-null key form a
    /// run, and <see cref="ConsumerRunner.RunBatchAsync"/> writes a run's markers in one statement and hands the
    /// newly marked events to <see cref="HandleRunAsync"/> together. Give a key only to events whose effect does
    /// not look at other events' markers (post-counters' unlike, which pairs with a like still unmarked, gets
    /// none): a run's markers all exist before its effects.
    /// </summary>
    string? RunKey(EventEnvelope envelope) => null;

    /// <summary>
    /// The effect of <see cref="HandleAsync"/> on each event of a run in turn (same <see cref="RunKey"/>, in
    /// order, each new to this consumer), in as few statements as the consumer can manage.
    /// </summary>
    async Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        foreach (var envelope in run) await HandleAsync(envelope, connection, transaction, ct);
    }
}
