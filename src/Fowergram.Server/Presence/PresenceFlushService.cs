using Fowergram.Platform.Presence;

namespace Fowergram.Server.Presence;

/// <summary>
/// Writes the activity noted by requests (<see cref="PresenceMarks"/>) every few seconds, and once more on the way down.
/// The Functions host writes them after each request instead (PresenceFlushMiddleware): its instances may sleep between
/// invocations, so a timer of their own could leave marks waiting.
/// </summary>
internal sealed class PresenceFlushService(PresenceWriter writer, ILogger<PresenceFlushService> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await writer.FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await writer.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Stopped before the last activity marks were written");
        }
    }
}
