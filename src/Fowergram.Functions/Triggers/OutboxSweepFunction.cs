using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Triggers;

/// <summary>
/// Publishes whatever the prompt relay after a request did not (the relay failed, the instance
/// stopped, or a consumer or job wrote the event). Timer triggers run on one instance at a time.
/// </summary>
public sealed class OutboxSweepFunction(OutboxSweep sweep)
{
    public const string Name = "outbox-sweep";

    /// <summary>Every minute: the longest an event waits when nothing else relays it.</summary>
    public const string Schedule = "0 */1 * * * *";

    [Function(Name)]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken ct) => sweep.RunAsync(timer, ct);
}
