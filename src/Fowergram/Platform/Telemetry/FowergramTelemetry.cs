using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fowergram.Platform.Telemetry;

/// <summary>
/// Fowergram's own spans and instruments (docs/observability.md), beside what ASP.NET Core, HttpClient and Npgsql emit.
/// Static, as .NET's guidance for libraries has it: without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and an instrument's <see cref="Instrument.Enabled"/> is false, so recording costs a field read.
/// </summary>
public static class FowergramTelemetry
{
    /// <summary>The name of the ActivitySource and the Meter.</summary>
    public const string Name = "Fowergram";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    // Tag names. Their values come from short fixed lists (consumer and job names, outcomes, reasons): never ids or user text.
    public const string ConsumerTag = "fowergram.consumer";
    public const string JobTag = "fowergram.job";
    public const string OutcomeTag = "fowergram.outcome";
    public const string ReasonTag = "fowergram.reason";
    public const string LimitTag = "fowergram.limit";
}
