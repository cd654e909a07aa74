using Fowergram.Platform.Events;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Fowergram.Functions.Triggers;

public sealed class OutboxSweep(OutboxRelay relay, ILogger<OutboxSweep> logger)
{
    /// <summary>Relays until the outbox is empty. A failure throws, so the invocation shows as failed; the next tick retries.</summary>
    public async Task RunAsync(TimerInfo timer, CancellationToken ct)
    {
        if (timer.IsPastDue) logger.LogWarning("Outbox sweep is running late");
        var published = await relay.RelayAllAsync(ct);
        if (published > 0) logger.LogInformation("Outbox sweep published {Count} events", published);
    }
}
