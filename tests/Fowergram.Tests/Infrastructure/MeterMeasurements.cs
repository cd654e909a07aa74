using System.Diagnostics.Metrics;
using Fowergram.Platform.Telemetry;

namespace Fowergram.Tests.Infrastructure;

/// <summary>
/// What the Fowergram meter records with one tag value (a consumer, a limit) while this lives: a listener of its own, as an
/// exporter would be. Pick a value no test running alongside records, or the counts are shared. Linked into the Functions tests.
/// </summary>
public sealed class MeterMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _seen = [];

    public MeterMeasurements(string tag, string tagValue)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FowergramTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, measurement, tags, _) =>
        {
            var own = new Dictionary<string, object?>();
            foreach (var pair in tags) own[pair.Key] = pair.Value;
            if (!Equals(own.GetValueOrDefault(tag), tagValue)) return;
            lock (_seen) _seen.Add((instrument.Name, measurement, own));
        });
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements, of those whose <paramref name="tag"/> is <paramref name="value"/> when given.</summary>
    public long Sum(string instrument, string? tag = null, string? value = null)
    {
        lock (_seen) return _seen.Where(s => s.Instrument == instrument && (tag is null || Equals(s.Tags.GetValueOrDefault(tag), value))).Sum(s => s.Value);
    }

    public void Dispose() => _listener.Dispose();
}
