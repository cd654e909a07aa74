using System.Diagnostics.Metrics;

namespace Fowergram.Platform.Telemetry;

/// <summary>Deletes the media store refused the clean-up jobs (docs/media.md "Refused deletes").</summary>
public static class MediaMetrics
{
    private static readonly Counter<long> DeleteFailures = FowergramTelemetry.Meter.CreateCounter<long>("fowergram.media.delete_failures", "{object}",
        "Deletes the media store refused a clean-up job, by job and outcome (retry: backed off; dead: given up until a moderator retries it).");

    public static void DeleteRefused(string job, bool dead)
    {
        if (DeleteFailures.Enabled)
            DeleteFailures.Add(1, new KeyValuePair<string, object?>(FowergramTelemetry.JobTag, job),
                new KeyValuePair<string, object?>(FowergramTelemetry.OutcomeTag, dead ? "dead" : "retry"));
    }
}
