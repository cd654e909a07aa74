using System.Diagnostics;
using Dapper;
using Fowergram.Features.Feed;
using Fowergram.Platform.Http;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fowergram.Bench;

/// <param name="FeedMs">Median latency of the API's feed read (FeedReader: the same prepared SQL and row mapping).</param>
/// <param name="PullMs">Median latency of the seed's get_user_feed(user, 20, offset) on the same data.</param>
/// <param name="SamePosts">Both returned the same post ids in the same order.</param>
public sealed record QueryFigure(string Reader, long Followees, int Page, double FeedMs, double PullMs, int FeedRuns, int PullRuns, bool SamePosts)
{
    public double Ratio => PullMs / FeedMs;
}

/// <summary>Database-level figures: the feed page against the seed's pull query, pages 1 and 10, two readers.</summary>
public static class DbFigures
{
    private const int PageSize = 20;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    /// <summary>The ordinary account with the median number of followees (ties by id).</summary>
    public static async Task<(Guid Id, long Followees)> MedianReaderAsync(NpgsqlDataSource db, DatasetInfo info)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(Guid, long)>(new CommandDefinition("""
            WITH c AS (SELECT u.id, (SELECT count(*) FROM follows f WHERE f.follower_id = u.id) AS n
                         FROM users u WHERE u.id <= bench.uid(@users))
            SELECT id, n FROM c ORDER BY n, id OFFSET (SELECT count(*) / 2 FROM c) LIMIT 1
            """, new { users = (long)info.Users }, commandTimeout: 0));
    }

    public static async Task<QueryFigure> MeasureAsync(NpgsqlDataSource db, DatasetInfo info, BenchSettings s, string label,
        Guid reader, long followees, int page)
    {
        var feed = new FeedReader(db, Options.Create(new FeedOptions { RetentionDays = info.Window, FanOutMaxFollowers = info.Threshold }),
            TimeProvider.System);
        Cursor? cursor = null;
        for (var p = 1; p < page; p++)
        {
            var items = await feed.ReadAsync(reader, new PageRequest(PageSize, cursor), default);
            cursor = items.Count > PageSize ? new Cursor(items[PageSize - 1].CreatedAt, items[PageSize - 1].Id) : null;
            if (cursor is null) throw new InvalidOperationException($"{label} has fewer than {page} pages.");
        }
        var request = new PageRequest(PageSize, cursor);
        var feedIds = new List<Guid>();
        var (feedMs, feedRuns) = await TimeAsync(s.DbRuns, async () =>
            feedIds = (await feed.ReadAsync(reader, request, default)).Take(PageSize).Select(i => i.Id).ToList());

        await using var conn = await db.OpenConnectionAsync();
        await using var pull = new NpgsqlCommand("SELECT post_id FROM get_user_feed(@user, @limit, @offset)", conn);
        pull.Parameters.Add(new NpgsqlParameter<Guid>("user", NpgsqlDbType.Uuid) { TypedValue = reader });
        pull.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = PageSize });
        pull.Parameters.Add(new NpgsqlParameter<int>("offset", NpgsqlDbType.Integer) { TypedValue = (page - 1) * PageSize });
        pull.CommandTimeout = 0;
        await pull.PrepareAsync();
        var pullIds = new List<Guid>();
        var (pullMs, pullRuns) = await TimeAsync(s.DbRuns, async () =>
        {
            pullIds = [];
            await using var rows = await pull.ExecuteReaderAsync();
            while (await rows.ReadAsync()) pullIds.Add(rows.GetGuid(0));
        });
        return new QueryFigure(label, followees, page, feedMs, pullMs, feedRuns, pullRuns, feedIds.SequenceEqual(pullIds));
    }

    /// <summary>Median milliseconds of up to <paramref name="runs"/> timed runs (after 3 warm-up runs), stopping early once over budget.</summary>
    private static async Task<(double Ms, int Runs)> TimeAsync(int runs, Func<Task> run)
    {
        for (var i = 0; i < 3; i++) await run();
        var samples = new List<double>();
        var budget = Stopwatch.StartNew();
        while (samples.Count < runs && (samples.Count < 10 || budget.Elapsed < Budget))
        {
            var start = Stopwatch.GetTimestamp();
            await run();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        samples.Sort();
        return (samples[samples.Count / 2], samples.Count);
    }
}
