using Fowergram.Features.Media;
using Fowergram.Features.Stories;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Triggers;

/// <summary>One timer per <see cref="Platform.Jobs.IScheduledJob"/>, named and scheduled like the job (the Server host loops over them instead).</summary>
public sealed class ScheduledJobFunctions(ScheduledJobRunner jobs)
{
    [Function("partition-maintenance")]
    public Task PartitionMaintenance([TimerTrigger("0 0 3 * * *")] TimerInfo timer, CancellationToken ct) =>
        jobs.RunAsync("partition-maintenance", timer, ct);

    [Function(MediaCleanupJob.JobName)]
    public Task MediaCleanup([TimerTrigger(MediaCleanupJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        jobs.RunAsync(MediaCleanupJob.JobName, timer, ct);

    [Function(StoryExpiryJob.JobName)]
    public Task StoryExpiry([TimerTrigger(StoryExpiryJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        jobs.RunAsync(StoryExpiryJob.JobName, timer, ct);
}
