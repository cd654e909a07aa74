using System.Collections.ObjectModel;
using System.Diagnostics;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Telemetry;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Fowergram.Tests.Platform.Telemetry;

/// <summary>
/// A Server host whose OpenTelemetry SDK exports to memory (the DI override a test app may make; no setting names an
/// exporter), with two probe jobs of its own, one failing, which the host runs at start as it runs every job.
/// </summary>
public sealed class TelemetryHost : IAsyncLifetime
{
    public const string ProbeJobName = "telemetry-probe";
    public const string FailingJobName = "telemetry-probe-failing";

    private readonly Recorded<Activity> _spans = new();
    private readonly List<MetricSnapshot> _metrics = new();

    public FowergramApp App { get; }

    public TelemetryHost() => App = new FowergramApp
    {
        Configure = builder =>
        {
            builder.Configuration["Auth:LoginMaxFailures"] = "2";
            builder.Services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
                .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics));
            builder.Services.AddSingleton<IScheduledJob>(new ProbeJob(ProbeJobName, fails: false));
            builder.Services.AddSingleton<IScheduledJob>(new ProbeJob(FailingJobName, fails: true));
        },
    };

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();

    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    /// <summary>The points of <paramref name="name"/> as of now (cumulative since the host started), or none.</summary>
    public IReadOnlyList<MetricPoint> Points(string name)
    {
        lock (_metrics)
        {
            _metrics.Clear();
            App.Services.GetRequiredService<MeterProvider>().ForceFlush();
            return _metrics.LastOrDefault(m => m.Name == name)?.MetricPoints ?? [];
        }
    }

    /// <summary>The sum of the counter's points whose tags include all of <paramref name="tags"/>.</summary>
    public long Sum(string name, params (string Key, string Value)[] tags) =>
        Points(name).Where(p => Has(p, tags)).Sum(p => p.GetSumLong());

    public static bool Has(MetricPoint point, params (string Key, string Value)[] tags)
    {
        var own = new Dictionary<string, object?>();
        foreach (var tag in point.Tags) own[tag.Key] = tag.Value;
        return tags.All(t => own.TryGetValue(t.Key, out var value) && Equals(value, t.Value));
    }

    /// <summary>How many requests <paramref name="method"/> <paramref name="path"/> the host has traced so far.</summary>
    public int RequestsTo(string method, string path) => Requests(method, path).Count();

    /// <summary>
    /// The trace of the request <paramref name="method"/> <paramref name="path"/> made after the first <paramref name="seenBefore"/>
    /// (<see cref="RequestsTo"/>): the collection runs one test at a time, so that is the test's own.
    /// </summary>
    public async Task<ActivityTraceId> TraceOfRequestAsync(string method, string path, int seenBefore = 0) =>
        (await EventuallyAsync(() => Requests(method, path).Skip(seenBefore).FirstOrDefault(), $"the server span of {method} {path}")).TraceId;

    /// <summary>The SQL statements of the trace whose text contains <paramref name="text"/>: what a request cost, counted.</summary>
    public int StatementsOf(ActivityTraceId traceId, string text) =>
        StatementTextsOf(traceId).Count(s => s.Contains(text, StringComparison.Ordinal));

    /// <summary>The text of every SQL statement the trace sent, in the order the spans were exported.</summary>
    public IReadOnlyList<string> StatementTextsOf(ActivityTraceId traceId) =>
        Spans.Where(s => s.Source.Name == TelemetryModule.NpgsqlName && s.TraceId == traceId)
            .Select(s => s.GetTagItem("db.query.text") as string ?? "").ToList();

    private IEnumerable<Activity> Requests(string method, string path) => Spans.Where(s => s.Kind == ActivityKind.Server
        && (s.GetTagItem("url.path") as string) == path && (s.GetTagItem("http.request.method") as string) == method);

    /// <summary>Waits (with a deadline) until <paramref name="found"/> holds: spans end and are exported after the response is sent.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<T?> found, string what) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (found() is { } value) return value;
            Assert.True(DateTime.UtcNow < deadline, $"Not seen within 20 s: {what}.");
            await Task.Delay(25);
        }
    }

    public static Task EventuallyAsync(Func<bool> holds, string what) => EventuallyAsync(() => holds() ? what : null, what);

    private sealed class ProbeJob(string name, bool fails) : IScheduledJob
    {
        public string Name => name;
        public string Schedule => "0 0 3 * * *";
        public TimeSpan Interval => TimeSpan.FromHours(1);

        public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
        {
            // At least 10 ms by the Stopwatch the metric reads: a timer of 10 ms fires on the runtime's millisecond ticks and
            // can end a little under 10 ms by it, and under load once did (TelemetryTests asserts the recorded duration is at least 10 ms).
            await Task.Delay(20, ct);
            if (fails) throw new InvalidOperationException("The probe job fails on purpose.");
        }
    }

    /// <summary>The exporter adds from request threads while the test reads.</summary>
    private sealed class Recorded<T> : Collection<T>
    {
        protected override void InsertItem(int index, T item)
        {
            lock (this) base.InsertItem(index, item);
        }

        public IReadOnlyList<T> Snapshot()
        {
            lock (this) return this.ToList();
        }
    }
}

/// <summary>
/// Run alone, after the parallel collections: every host in the process feeds the same ActivitySources and Meters, so with
/// another host running a count could move for its work, not this test's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryHost>
{
    public const string Name = "telemetry";
}
