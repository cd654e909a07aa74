namespace Fowergram.Server.Events;

/// <summary>Runs due deliveries continuously; wakes at once when the transport wrote new ones.</summary>
internal sealed class DeliveryDispatcherService(DeliveryDispatcher dispatcher, DeliverySignal signal,
    ILogger<DeliveryDispatcherService> logger) : BackgroundService
{
    // Retries become due with time, so idle waits are short.
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await dispatcher.DispatchOnceAsync(stoppingToken) == 0)
                    await signal.WaitAsync(IdleWait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Event dispatch failed; retrying shortly");
                await signal.WaitAsync(IdleWait, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }
}
