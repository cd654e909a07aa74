namespace Fowergram.Server.Events;

/// <summary>
/// Runs due deliveries continuously, one loop per consumer, as each Service Bus subscription has its own receiver: a round
/// of one loop waits for its own consumer only. With one loop for all, each round waited for every consumer's share, so
/// one slow consumer (mails to an SMTP server that does not answer) held back every counter, notice and feed entry.
/// Each loop wakes at once when the transport wrote new deliveries.
/// </summary>
internal sealed class DeliveryDispatcherService(DeliveryDispatcher dispatcher, DeliverySignal signal,
    ILogger<DeliveryDispatcherService> logger) : BackgroundService
{
    // Retries become due with time, so idle waits are short.
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(dispatcher.Consumers.Select(consumer => Task.Run(() => DispatchForeverAsync(consumer, stoppingToken), CancellationToken.None)));

    private async Task DispatchForeverAsync(string consumer, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = signal.Next;
            try
            {
                if (await dispatcher.DispatchOnceAsync(stoppingToken, consumer: consumer) == 0)
                    await Task.WhenAny(woken, Task.Delay(IdleWait, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Event dispatch for {Consumer} failed; retrying shortly", consumer);
                await Task.Delay(IdleWait, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }
}
