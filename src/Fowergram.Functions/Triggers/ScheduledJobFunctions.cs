using Fowergram.Features.Media;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Triggers;

/// <summary>One timer per <see cref="Platform.Jobs.IScheduledJob"/>, named and scheduled like the job (the Server host loops over them instead).</summary>
public sealed class ScheduledJobFunctions(ScheduledJobRunner jobs)
{
    [Function(MediaCleanupJob.JobName)]
    public Task MediaCleanup([TimerTrigger(MediaCleanupJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        jobs.RunAsync(MediaCleanupJob.JobName, timer, ct);
}
