using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fowergram.Platform.Jobs;

namespace Fowergram.Platform.Telemetry;

/// <summary>Every scheduled job run, in both hosts: a span of its own (jobs have no request to hang under) and its duration.</summary>
public static class JobMetrics
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Canceled = "canceled";

    private static readonly Histogram<double> Duration = FowergramTelemetry.Meter.CreateHistogram("fowergram.job.duration", "s",
        "How long a scheduled job run took, by job and outcome (success, failure, canceled: the host was stopping).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600] });

    /// <summary>Runs the job at <paramref name="now"/>, traced and timed; its exception, if any, propagates unchanged.</summary>
    public static async Task RunMeasuredAsync(this IScheduledJob job, DateTimeOffset now, CancellationToken ct)
    {
        using var activity = FowergramTelemetry.Source.HasListeners()
            ? FowergramTelemetry.Source.StartActivity($"job {job.Name}", ActivityKind.Internal)?.SetTag(FowergramTelemetry.JobTag, job.Name)
            : null;
        var started = Stopwatch.GetTimestamp(); // real elapsed time: the host's TimeProvider may be a test clock standing still
        var outcome = Failure;
        try
        {
            await job.RunAsync(now, ct);
            outcome = Success;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = Canceled;
            throw;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            if (Duration.Enabled)
                Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                    new(FowergramTelemetry.JobTag, job.Name), new(FowergramTelemetry.OutcomeTag, outcome));
        }
    }
}
