namespace Fowergram.Platform.Jobs;

/// <summary>
/// Deletes a feature's rows whose life ended, run by the <c>story-expiry</c> job after its own work (docs/functions-host.md):
/// things that last a day like a story (notes, docs/notes.md "Expiry") ride on the timer that already exists for expiry
/// instead of each adding one. Idempotent, safe to run twice, concurrently or late; reads never depend on it.
/// </summary>
public interface IExpirySweep
{
    /// <summary>For the log: what the sweep deletes.</summary>
    string Name { get; }

    /// <summary>The number of rows deleted.</summary>
    Task<long> SweepAsync(DateTimeOffset now, CancellationToken ct);
}
