using System.Diagnostics;
using System.Net.Http.Headers;

namespace Fowergram.Bench;

/// <param name="Errors">Answers other than 200 (or transport failures) during the measured period.</param>
/// <param name="ServerCores">Average cores used by the server's process over the run, warm-up included (in-process: the tool, clients included).</param>
/// <param name="GeneratorCores">Average cores used by wrk over the run (null in-process: the clients are inside the tool).</param>
/// <param name="PostgresCores">Average cores used by the PostgreSQL processes over the run (same machine only).</param>
/// <param name="StealShare">Share of the machine's CPU time stolen by the hypervisor over the run (Linux /proc/stat).</param>
public sealed record LoadFigure(string Route, int Concurrency, double P50Ms, double P99Ms, double PerSecond, long Requests, long Errors,
    double? ServerCores = null, double? GeneratorCores = null, double? PostgresCores = null, GcPauses? Gc = null, double? StealShare = null)
{
    /// <summary>The share of the machine's CPU time the hypervisor gave to other guests during the run, or "–".</summary>
    public string Steal => StealShare is { } s ? $"{s * 100:0.0} %" : "–";

    /// <summary>
    /// CPU per request in the server's process and in PostgreSQL (ms), averaged over the run, warm-up
    /// included (which the request rate leaves out, so a little high): a figure the machine's other tenants
    /// move far less than latency or throughput.
    /// </summary>
    public string CpuPerRequest => ServerCores is { } s && PostgresCores is { } p && PerSecond > 0
        ? $"{s * 1000 / PerSecond:0.00} + {p * 1000 / PerSecond:0.00} ms"
        : "–";
}

/// <summary>
/// Closed-loop load: <c>concurrency</c> clients each send a request, read the whole answer, and send the
/// next, for a warm-up period (not recorded) and then the measured seconds. Each request carries the
/// token of the next reader in a fixed random sample, so pages come from many feeds, not one cached one.
/// A <c>body</c> makes the requests POSTs of the JSON it gives for that reader's index (answered 200 or 204).
/// </summary>
public static class HttpLoad
{
    public static async Task<LoadFigure> RunAsync(Uri address, string route, IReadOnlyList<string> tokens, int concurrency,
        TimeSpan warmUp, TimeSpan measured, Func<int, string>? body = null)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = address };
        var start = Stopwatch.GetTimestamp();
        var recordFrom = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var stopAt = recordFrom + (long)(measured.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(() => WorkerAsync(client, route, tokens, body, w, concurrency, recordFrom, stopAt))).ToList();
        await Task.Delay(warmUp);
        var gcBefore = GcPauses.Now();
        var results = await Task.WhenAll(workers);
        var gc = GcPauses.Now() - gcBefore;
        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var errors = results.Sum(r => r.Errors);
        return new LoadFigure(route, concurrency, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            latencies.Length / measured.TotalSeconds, latencies.Length, errors, Gc: gc);
    }

    private static async Task<(List<double> Latencies, long Errors)> WorkerAsync(HttpClient client, string route, IReadOnlyList<string> tokens,
        Func<int, string>? body, int worker, int concurrency, long recordFrom, long stopAt)
    {
        var latencies = new List<double>(100_000);
        long errors = 0;
        var buffer = new byte[64 * 1024];
        for (var i = worker; ; i += concurrency)
        {
            var begin = Stopwatch.GetTimestamp();
            if (begin >= stopAt) break;
            using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, route);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i % tokens.Count]);
            if (body is not null) request.Content = new StringContent(body(i % tokens.Count), System.Text.Encoding.UTF8, "application/json");
            var ok = false;
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                await using var answer = await response.Content.ReadAsStreamAsync();
                while (await answer.ReadAsync(buffer) > 0) { }
                ok = response.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.NoContent;
            }
            catch (HttpRequestException)
            {
            }
            var end = Stopwatch.GetTimestamp();
            if (begin < recordFrom || end > stopAt) continue;
            if (ok) latencies.Add(Stopwatch.GetElapsedTime(begin, end).TotalMilliseconds);
            else errors++;
        }
        return (latencies, errors);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>
/// Garbage collections in this process over the measured period (in-process loads only: server and clients):
/// every collection pauses all threads, so pauses show up in the latency tail of every request in flight.
/// </summary>
public sealed record GcPauses(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcPauses Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public static GcPauses operator -(GcPauses a, GcPauses b) => new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused);

    public override string ToString() =>
        $"{Gen0} collections ({Gen1} gen1, {Gen2} gen2), paused {Paused.TotalMilliseconds:0} ms" +
        (Gen0 > 0 ? $" ({Paused.TotalMilliseconds / Gen0:0.0} ms each)" : "");
}
