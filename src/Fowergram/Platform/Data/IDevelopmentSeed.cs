namespace Fowergram.Platform.Data;

/// <summary>
/// Development data a feature contributes to the Server host's <c>seed</c> verb (register with
/// <c>services.AddSingleton&lt;IDevelopmentSeed, X&gt;()</c>). Seeds are idempotent: running the verb again,
/// or two at once, leaves the same rows.
/// </summary>
public interface IDevelopmentSeed
{
    /// <summary>What the verb prints, e.g. "music catalogue".</summary>
    string Name { get; }

    /// <summary>Inserts what is missing; returns how many rows it added.</summary>
    Task<int> SeedAsync(CancellationToken ct);
}
