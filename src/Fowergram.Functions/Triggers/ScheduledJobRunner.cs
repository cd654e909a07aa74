using Fowergram.Platform.Jobs;
using Fowergram.Platform.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Fowergram.Functions.Triggers;

/// <summary>What each scheduled-job timer function calls: the registered job of that name, at the host's current time.</summary>
public sealed class ScheduledJobRunner(IEnumerable<IScheduledJob> jobs, TimeProvider time, ILogger<ScheduledJobRunner> logger)
{
    private readonly Dictionary<string, IScheduledJob> _byName = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);

    public async Task RunAsync(string jobName, TimerInfo timer, CancellationToken ct)
    {
        var job = _byName.TryGetValue(jobName, out var found) ? found
            : throw new InvalidOperationException($"No scheduled job is named '{jobName}'.");
        // Jobs are idempotent and safe to run late, so a missed tick just runs now.
        if (timer.IsPastDue) logger.LogWarning("Scheduled job {Job} is running late", jobName);
        await job.RunMeasuredAsync(time.GetUtcNow(), ct);
        logger.LogInformation("Scheduled job {Job} completed", jobName);
    }
}
