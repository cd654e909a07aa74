using Fowergram.Platform.Jobs;
using Fowergram.Platform.Telemetry;

namespace Fowergram.Server.Jobs;

/// <summary>The Server host's timer triggers: every <see cref="IScheduledJob"/> at its interval, first run at start-up.</summary>
internal sealed class ScheduledJobsService(IEnumerable<IScheduledJob> jobs, TimeProvider time, ILogger<ScheduledJobsService> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => RunForeverAsync(job, stoppingToken)));

    private async Task RunForeverAsync(IScheduledJob job, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(job.Interval);
        do
        {
            try
            {
                await job.RunMeasuredAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Jobs are idempotent: the next tick simply tries again.
                logger.LogError(ex, "Scheduled job {Job} failed", job.Name);
            }
        } while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
