using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fowergram.Platform.Telemetry;

/// <summary>What became of each event one consumer was given: in both hosts, where the runner and the settlement decide it.</summary>
public static class EventMetrics
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string MalformedEnvelope = "malformed_envelope";
    public const string MaxDeliveryCount = "max_delivery_count";

    private static readonly Counter<long> Deliveries = FowergramTelemetry.Meter.CreateCounter<long>("fowergram.event.deliveries", "{event}",
        "Events run through a consumer, by outcome: delivered (applied, already processed or not handled) or failed (left unapplied, to be retried).");

    private static readonly Counter<long> DeadLetters = FowergramTelemetry.Meter.CreateCounter<long>("fowergram.event.dead_letters", "{event}",
        "Events a host gave up on for a consumer, by reason.");

    /// <summary>A span for one consumer's batch; null (and free) when nothing listens.</summary>
    public static Activity? StartProcessing(string consumer, int count)
    {
        if (!FowergramTelemetry.Source.HasListeners()) return null;
        var activity = FowergramTelemetry.Source.StartActivity($"process {consumer}", ActivityKind.Consumer);
        activity?.SetTag(FowergramTelemetry.ConsumerTag, consumer);
        activity?.SetTag("messaging.batch.message_count", count);
        return activity;
    }

    /// <summary>Counts a batch's outcomes from what <c>ConsumerRunner.RunManyAsync</c> returns (null: done; an error: failed).</summary>
    public static void Record(string consumer, IReadOnlyList<Exception?> errors)
    {
        if (!Deliveries.Enabled) return;
        var failed = errors.Count(e => e is not null);
        if (errors.Count > failed) Deliveries.Add(errors.Count - failed, Tag(consumer), new(FowergramTelemetry.OutcomeTag, Delivered));
        if (failed > 0) Deliveries.Add(failed, Tag(consumer), new(FowergramTelemetry.OutcomeTag, Failed));
    }

    public static void DeadLettered(string consumer, string reason)
    {
        if (DeadLetters.Enabled) DeadLetters.Add(1, Tag(consumer), new(FowergramTelemetry.ReasonTag, reason));
    }

    private static KeyValuePair<string, object?> Tag(string consumer) => new(FowergramTelemetry.ConsumerTag, consumer);
}
