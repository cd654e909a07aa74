using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Feed;
using Fowergram.Platform.Http;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fowergram.Bench;

/// <summary>Medians of one query: round trip through Npgsql (prepared, all rows read) and server execution time.</summary>
public sealed record Timing(double RoundTripMs, double ServerMs, int Runs);

/// <param name="Feed">The API's read: <see cref="FeedReader"/> (its prepared SQL and row mapping), one page.</param>
/// <param name="Pull">The seed's <c>get_user_feed(user, 20, offset)</c> on the same data.</param>
/// <param name="SamePosts">
/// The page's posts by accounts the reader follows (or its own) are the seed's posts of the page's span, in the same order.
/// The seed reads the followed accounts' own posts only; the feed also carries what they reposted or co-authored (docs/feed.md
/// "Collab posts", "Reposts"), which the dataset has since 2026-12-05, so the two pages are no longer the same list.
/// </param>
public sealed record QueryFigure(string Reader, long Followees, int Page, Timing Feed, Timing Pull, bool SamePosts)
{
    public double RoundTripRatio => Pull.RoundTripMs / Feed.RoundTripMs;
    public double ServerRatio => Pull.ServerMs / Feed.ServerMs;
}

/// <summary>
/// Database-level figures: the feed page against the seed's pull query, pages 1 and 10, for two readers.
/// Each query is timed twice over: the client's round trip (what an API request waits for) and the
/// server's execution time from EXPLAIN (ANALYZE, TIMING OFF), which leaves out the fixed cost of a round
/// trip and of planning (the API's statements are prepared; get_user_feed is a function call).
/// </summary>
public static class DbFigures
{
    private const int PageSize = 20;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan WarmUpRound = TimeSpan.FromSeconds(1);

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

    public static async Task<long> FolloweesAsync(NpgsqlDataSource db, Guid reader)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM follows WHERE follower_id = @reader", new { reader });
    }

    /// <summary>
    /// The first page holding a post older than the reader's mark (feed_readers; the retention window without one): there
    /// the reader's entries run out and FeedReader pulls from the followed accounts' timelines (docs/feed.md). Outside the
    /// issue's targets (pages 1 and 10); measured because it is the feed's known slow path (docs/performance.md, "Limits and follow-ups").
    /// </summary>
    public static async Task<int> FirstPagePastEntriesAsync(NpgsqlDataSource db, DatasetInfo info, Guid reader)
    {
        var options = new FeedOptions { RetentionDays = info.Window, FanOutMaxFollowers = info.Threshold };
        var feed = new FeedReader(db, Options.Create(options), TimeProvider.System);
        DateTimeOffset mark;
        await using (var conn = await db.OpenConnectionAsync())
            mark = await conn.ExecuteScalarAsync<DateTimeOffset?>("SELECT complete_since FROM feed_readers WHERE user_id = @reader",
                new { reader }) ?? DateTimeOffset.UtcNow - options.Retention;
        Cursor? cursor = null;
        for (var page = 1; page <= 1_000; page++)
        {
            var items = await feed.PageOfAsync(reader, new PageRequest(PageSize, cursor));
            if (items.Take(PageSize).Any(i => i.CreatedAt < mark)) return page;
            if (items.Count <= PageSize) break;
            cursor = new Cursor(items[PageSize - 1].CreatedAt, items[PageSize - 1].Id);
        }
        throw new InvalidOperationException("The reader's feed ends inside its entries.");
    }

    /// <summary>
    /// Runs every statement the database figures time — the feed's pages, the pull, the EXPLAINs — for a second, three times
    /// with a pause between, before any is timed, and answers how many reads that took. .NET compiles code first unoptimised
    /// and again, optimised, only after a method has run 30 times and no new code has been compiled for a moment; each
    /// step's three warm-up runs were not enough for that, so the first step timed (the median reader's page 1) ran on
    /// unoptimised code: 0.59–0.63 ms a page by round trip where the same read timed at the end of a run took 0.45–0.46 ms,
    /// and 0.49 ms with tiered compilation off (DOTNET_TieredCompilation=0). A server that has run for a while runs the
    /// optimised code; so does this.
    /// </summary>
    public static async Task<int> WarmAsync(NpgsqlDataSource db, DatasetInfo info, Guid reader)
    {
        var options = new FeedOptions { RetentionDays = info.Window, FanOutMaxFollowers = info.Threshold };
        var feed = new FeedReader(db, Options.Create(options), TimeProvider.System);
        var reads = 0;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < WarmUpRound)
            {
                var items = await feed.PageOfAsync(reader, new PageRequest(PageSize, null));
                Cursor? cursor = items.Count > PageSize ? new Cursor(items[PageSize - 1].CreatedAt, items[PageSize - 1].Id) : null;
                await feed.PageOfAsync(reader, new PageRequest(PageSize, cursor));
                await FeedExecutionAsync(db, options, reader, cursor);
                await using var conn = await db.OpenConnectionAsync();
                await using var pull = PullCommand(conn, "SELECT post_id FROM get_user_feed(@user, @limit, @offset)", reader, 1);
                await pull.PrepareAsync();
                await using (var rows = await pull.ExecuteReaderAsync())
                    while (await rows.ReadAsync()) rows.GetGuid(0);
                await using var explain = PullCommand(conn, $"{Explain} SELECT post_id FROM get_user_feed(@user, @limit, @offset)", reader, 1);
                await ExecutionMsAsync(explain);
                reads += 2;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500)); // the runtime's moment without new code, for the optimised compiles
        }
        return reads;
    }

    public static async Task<QueryFigure> MeasureAsync(NpgsqlDataSource db, DatasetInfo info, BenchSettings s, string label,
        Guid reader, long followees, int page)
    {
        var options = new FeedOptions { RetentionDays = info.Window, FanOutMaxFollowers = info.Threshold };
        var feed = new FeedReader(db, Options.Create(options), TimeProvider.System);
        Cursor? cursor = null;
        for (var p = 1; p < page; p++)
        {
            var items = await feed.PageOfAsync(reader, new PageRequest(PageSize, cursor));
            cursor = items.Count > PageSize ? new Cursor(items[PageSize - 1].CreatedAt, items[PageSize - 1].Id) : null;
            if (cursor is null) throw new InvalidOperationException($"{label} has fewer than {page} pages.");
        }
        var request = new PageRequest(PageSize, cursor);
        var feedPage = new List<FeedPost>();
        var feedRoundTrip = await TimeAsync(s.DbRuns, async () => feedPage = (await feed.PageOfAsync(reader, request)).Take(PageSize).ToList());
        var feedServer = await TimeAsync(s.DbRuns, () => FeedExecutionAsync(db, options, reader, cursor));

        await using var conn = await db.OpenConnectionAsync();
        await using var pull = PullCommand(conn, "SELECT post_id FROM get_user_feed(@user, @limit, @offset)", reader, page);
        await pull.PrepareAsync();
        var pullRoundTrip = await TimeAsync(s.DbRuns, async () =>
        {
            await using var rows = await pull.ExecuteReaderAsync();
            while (await rows.ReadAsync()) rows.GetGuid(0);
        });
        await using var explain = PullCommand(conn, $"{Explain} SELECT post_id FROM get_user_feed(@user, @limit, @offset)", reader, page);
        var pullServer = await TimeAsync(s.DbRuns, async () => await ExecutionMsAsync(explain));
        return new QueryFigure(label, followees, page,
            new Timing(feedRoundTrip.Median, feedServer.Median, feedRoundTrip.Runs),
            new Timing(pullRoundTrip.Median, pullServer.Median, pullRoundTrip.Runs), await SamePostsAsync(conn, reader, feedPage, page));
    }

    /// <summary>
    /// The feed page's posts by followed accounts (or the reader's own) against the seed's posts of the same span: the seed's
    /// first <paramref name="page"/> pages hold them all, since the feed's first pages hold at most as many such posts.
    /// </summary>
    private static async Task<bool> SamePostsAsync(NpgsqlConnection conn, Guid reader, IReadOnlyList<FeedPost> feedPage, int page)
    {
        if (feedPage.Count == 0) return false;
        var followed = (await conn.QueryAsync<Guid>("SELECT following_id FROM follows WHERE follower_id = @reader", new { reader })).ToHashSet();
        followed.Add(reader);
        var (newest, oldest) = (feedPage[0].CreatedAt, feedPage[^1].CreatedAt);
        var seed = await conn.QueryAsync<(Guid PostId, DateTimeOffset CreatedAt)>(new CommandDefinition(
            "SELECT post_id, created_at FROM get_user_feed(@reader, @limit, 0)", new { reader, limit = page * PageSize }, commandTimeout: 0));
        return feedPage.Where(p => followed.Contains(p.Author.Id)).Select(p => p.Id)
            .SequenceEqual(seed.Where(p => p.CreatedAt <= newest && p.CreatedAt >= oldest).Select(p => p.PostId));
    }

    /// <summary>The reader's first feed page alone: its round trip and server time, and the page's posts.</summary>
    public static async Task<(Timing Timing, IReadOnlyList<FeedPost> Page)> FirstPageAsync(NpgsqlDataSource db, DatasetInfo info, BenchSettings s, Guid reader)
    {
        var options = new FeedOptions { RetentionDays = info.Window, FanOutMaxFollowers = info.Threshold };
        var feed = new FeedReader(db, Options.Create(options), TimeProvider.System);
        var request = new PageRequest(PageSize, null);
        IReadOnlyList<FeedPost> items = [];
        var roundTrip = await TimeAsync(s.DbRuns, async () => items = await feed.PageOfAsync(reader, request));
        var server = await TimeAsync(s.DbRuns, () => FeedExecutionAsync(db, options, reader, null));
        return (new Timing(roundTrip.Median, server.Median, roundTrip.Runs), items.Take(PageSize).ToList());
    }

    private const string Explain = "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY, FORMAT JSON)";

    /// <summary>Server time of the statements FeedReader runs for this page: Recent, and Older when Recent falls short.</summary>
    private static async Task<double> FeedExecutionAsync(NpgsqlDataSource db, FeedOptions options, Guid reader, Cursor? cursor)
    {
        var now = DateTimeOffset.UtcNow;
        var after = cursor ?? new Cursor(new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero), Guid.AllBitsSet);
        await using var conn = await db.OpenConnectionAsync();
        var total = 0.0;
        foreach (var sql in new[] { FeedSql.Recent, FeedSql.Older })
        {
            await using var cmd = new NpgsqlCommand($"{Explain} {sql}", conn);
            cmd.Parameters.Add(new NpgsqlParameter<Guid>("viewer", NpgsqlDbType.Uuid) { TypedValue = reader });
            cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
            cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("horizon", NpgsqlDbType.TimestampTz) { TypedValue = now - options.Retention });
            cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cursorAt", NpgsqlDbType.TimestampTz) { TypedValue = after.CreatedAt });
            cmd.Parameters.Add(new NpgsqlParameter<Guid>("cursorId", NpgsqlDbType.Uuid) { TypedValue = after.Id });
            cmd.Parameters.Add(new NpgsqlParameter<int>("take", NpgsqlDbType.Integer) { TypedValue = PageSize + 1 });
            var (ms, posts) = await ExecutionAsync(cmd);
            total += ms;
            if (posts >= PageSize + 1) break; // the page is full: FeedReader does not run Older
        }
        return total;
    }

    private static NpgsqlCommand PullCommand(NpgsqlConnection conn, string sql, Guid reader, int page)
    {
        var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("user", NpgsqlDbType.Uuid) { TypedValue = reader });
        cmd.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = PageSize });
        cmd.Parameters.Add(new NpgsqlParameter<int>("offset", NpgsqlDbType.Integer) { TypedValue = (page - 1) * PageSize });
        return cmd;
    }

    private static async Task<double> ExecutionMsAsync(NpgsqlCommand explain) => (await ExecutionAsync(explain)).Ms;

    /// <summary>"Execution Time" of EXPLAIN ANALYZE, and how many distinct posts the plan's top node returned (rows per media item aside).</summary>
    private static async Task<(double Ms, long Posts)> ExecutionAsync(NpgsqlCommand explain)
    {
        var json = (string)(await explain.ExecuteScalarAsync())!;
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement[0];
        return (root.GetProperty("Execution Time").GetDouble(), CountPosts(root.GetProperty("Plan")));
    }

    /// <summary>The page CTE's row count: the Limit node directly under the top of the feed's plan ("page" is limited to take rows).</summary>
    private static long CountPosts(JsonElement plan)
    {
        long best = 0;
        if (plan.TryGetProperty("Node Type", out var type) && type.GetString() == "Limit" &&
            plan.TryGetProperty("Actual Rows", out var rows))
            best = Math.Max(best, (long)rows.GetDouble());
        if (plan.TryGetProperty("Plans", out var children))
            foreach (var child in children.EnumerateArray()) best = Math.Max(best, CountPosts(child));
        return best;
    }

    /// <summary>Median milliseconds of up to <paramref name="runs"/> timed runs (after 3 warm-up runs), stopping early once over budget.</summary>
    private static async Task<(double Median, int Runs)> TimeAsync(int runs, Func<Task> run) =>
        await SampleAsync(runs, async () =>
        {
            var start = Stopwatch.GetTimestamp();
            await run();
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        });

    private static async Task<(double Median, int Runs)> TimeAsync(int runs, Func<Task<double>> measure) => await SampleAsync(runs, measure);

    private static async Task<(double Median, int Runs)> SampleAsync(int runs, Func<Task<double>> measure)
    {
        for (var i = 0; i < 3; i++) await measure();
        var samples = new List<double>();
        var budget = Stopwatch.StartNew();
        while (samples.Count < runs && (samples.Count < 10 || budget.Elapsed < Budget)) samples.Add(await measure());
        samples.Sort();
        return (samples[samples.Count / 2], samples.Count);
    }
}
