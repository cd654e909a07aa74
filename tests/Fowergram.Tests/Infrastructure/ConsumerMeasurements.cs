using System.Diagnostics.Metrics;
using Fowergram.Platform.Telemetry;

namespace Fowergram.Tests.Infrastructure;

/// <summary>
/// What the Fowergram meter records for one consumer while this lives: a listener of its own, as an exporter would be.
/// Name a consumer no test running alongside delivers to, or the counts are shared. Linked into the Functions tests.
/// </summary>
public sealed class ConsumerMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _seen = [];

    public ConsumerMeasurements(string consumer)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FowergramTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var own = new Dictionary<string, object?>();
            foreach (var tag in tags) own[tag.Key] = tag.Value;
            if (!Equals(own.GetValueOrDefault(FowergramTelemetry.ConsumerTag), consumer)) return;
            lock (_seen) _seen.Add((instrument.Name, value, own));
        });
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements whose <paramref name="tag"/> is <paramref name="value"/>.</summary>
    public long Sum(string instrument, string tag, string value)
    {
        lock (_seen) return _seen.Where(s => s.Instrument == instrument && Equals(s.Tags.GetValueOrDefault(tag), value)).Sum(s => s.Value);
    }

    public void Dispose() => _listener.Dispose();
}
