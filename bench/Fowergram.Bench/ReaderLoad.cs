using System.Diagnostics;
using Fowergram.Features.Feed;
using Fowergram.Platform.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Bench;

/// <summary>
/// The feed read without HTTP: <c>concurrency</c> loops calling <see cref="FeedReader"/> directly for
/// random readers. Separates what the database costs from what the host adds.
/// </summary>
public static class ReaderLoad
{
    public static async Task<LoadFigure> RunAsync(NpgsqlDataSource db, DatasetInfo info, int concurrency, TimeSpan warmUp, TimeSpan measured)
    {
        var feed = new FeedReader(db, Options.Create(new FeedOptions { RetentionDays = info.Window, FanOutMaxFollowers = info.Threshold }),
            TimeProvider.System);
        var random = new Random(7);
        var readers = Enumerable.Range(0, 2_000).Select(_ => Dataset.UserId(random.NextInt64(1, info.Users + 1))).ToArray();
        var recordFrom = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var stopAt = recordFrom + (long)(measured.TotalSeconds * Stopwatch.Frequency);
        var results = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var latencies = new List<double>();
            for (var i = w; ; i += concurrency)
            {
                var begin = Stopwatch.GetTimestamp();
                if (begin >= stopAt) break;
                await feed.PageOfAsync(readers[i % readers.Length], new PageRequest(20, null));
                var end = Stopwatch.GetTimestamp();
                if (begin >= recordFrom && end <= stopAt) latencies.Add(Stopwatch.GetElapsedTime(begin, end).TotalMilliseconds);
            }
            return latencies;
        })));
        var sorted = results.SelectMany(l => l).Order().ToArray();
        return new LoadFigure("FeedReader (no HTTP)", concurrency, HttpLoad.Percentile(sorted, 0.5), HttpLoad.Percentile(sorted, 0.99),
            sorted.Length / measured.TotalSeconds, sorted.Length, 0);
    }
}
