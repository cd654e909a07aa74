using System.Diagnostics.Metrics;

namespace Fowergram.Platform.Telemetry;

/// <summary>Web Push sends (docs/social-graph.md "Push notifications"): what each push service answered, per queue.</summary>
public static class PushMetrics
{
    public const string QueueTag = "fowergram.queue";

    private static readonly Counter<long> Sends = FowergramTelemetry.Meter.CreateCounter<long>("fowergram.push.sends", "{message}",
        "Messages sent to push services, by queue (push_deliveries, push_message_deliveries, push_channel_deliveries) and outcome (delivered, gone, rejected, retry).");

    public static void Sent(string queue, string outcome)
    {
        if (Sends.Enabled)
            Sends.Add(1, new KeyValuePair<string, object?>(QueueTag, queue), new KeyValuePair<string, object?>(FowergramTelemetry.OutcomeTag, outcome));
    }
}
