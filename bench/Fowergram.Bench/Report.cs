using System.Globalization;
using System.Text;
using Dapper;
using Npgsql;

namespace Fowergram.Bench;

public sealed record DatasetFigure(long Users, long Follows, double AverageFollowees, long Posts, long FeedEntries, long LargeAuthors,
    long Likes, string DatabaseSize, long Reposts, long Collaborations, long PostsWithMusic);

/// <summary>The figures table: machine, dataset, then each measurement against its target. Markdown, so it pastes into docs/performance.md.</summary>
public sealed class Report
{
    private readonly StringBuilder _text = new();

    public static async Task<string> MachineAsync(NpgsqlDataSource db)
    {
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : "0";
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        await using var conn = await db.OpenConnectionAsync();
        var version = await conn.ExecuteScalarAsync<string>("SHOW server_version");
        var settings = await conn.QueryAsync<(string Name, string Setting)>("""
            SELECT name, current_setting(name) FROM pg_settings
             WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'synchronous_commit', 'max_connections',
                            'random_page_cost', 'jit', 'max_parallel_workers_per_gather')
             ORDER BY name
            """);
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {long.Parse(memory, CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.0} GiB RAM, " +
               $"load average at start {load}; .NET {Environment.Version}; PostgreSQL {version} on the same machine " +
               $"({string.Join(", ", settings.Select(s => $"{s.Name}={s.Setting}"))}); {HugePages()}";
    }

    /// <summary>
    /// The kernel's 2 MB huge pages (/proc/meminfo): reserved, and taken (used or promised to a mapping). PostgreSQL 15
    /// cannot say whether it got them, but a local cluster started with huge_pages=on takes its whole shared memory
    /// there; without them each connection faults in every 4 kB of shared buffers it touches (docs/performance.md
    /// "Running the benchmark").
    /// </summary>
    private static string HugePages()
    {
        if (!File.Exists("/proc/meminfo")) return "huge pages: unknown";
        var fields = File.ReadLines("/proc/meminfo").Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => long.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
        var total = fields.GetValueOrDefault("HugePages_Total");
        var taken = total - fields.GetValueOrDefault("HugePages_Free") + fields.GetValueOrDefault("HugePages_Rsvd");
        return total == 0 ? "no huge pages reserved (4 kB pages)" : $"huge pages: {total:N0} reserved, {taken:N0} taken";
    }

    public static async Task<DatasetFigure> DatasetAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        var r = await conn.QuerySingleAsync<(long Users, long Follows, long Followers, long Posts, long Entries, long Large, long Likes, string Size,
            long Reposts, long Collaborations, long Music)>(
            new CommandDefinition("""
                SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM follows), (SELECT count(DISTINCT follower_id) FROM follows),
                       (SELECT count(*) FROM posts), (SELECT count(*) FROM feed_entries), (SELECT count(*) FROM feed_large_authors),
                       (SELECT count(*) FROM likes), pg_size_pretty(pg_database_size(current_database())),
                       (SELECT count(*) FROM reposts), (SELECT count(*) FROM post_collaborators WHERE accepted_at IS NOT NULL),
                       (SELECT count(*) FROM posts WHERE music_track_id IS NOT NULL)
                """, commandTimeout: 0));
        return new DatasetFigure(r.Users, r.Follows, r.Follows / (double)Math.Max(1, r.Followers), r.Posts, r.Entries, r.Large, r.Likes, r.Size,
            r.Reposts, r.Collaborations, r.Music);
    }

    public void Header(string machine, DatasetInfo info, DatasetFigure d, WarmFigure warm, int serverPool)
    {
        Line($"### Run of {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line();
        Line($"- Machine: {machine}");
        Line($"- Dataset (generated {info.GeneratedAt:yyyy-MM-dd HH:mm} UTC): {d.Users:N0} users, {d.Follows:N0} follows (average {d.AverageFollowees:0} followees), " +
             $"{d.Posts:N0} posts over {info.Days} days ({d.Collaborations:N0} co-authored, {d.PostsWithMusic:N0} with a song), {d.Reposts:N0} reposts, " +
             $"{d.Likes:N0} likes, {d.FeedEntries:N0} feed entries ({info.Window}-day window), " +
             $"{d.LargeAuthors:N0} large accounts (> {info.Threshold:N0} followers, merged on read); database {d.DatabaseSize}");
        Line($"- Caches before measuring: {warm}. The Server host's pool: at most {serverPool} connections to PostgreSQL (`--server-pool`).");
        Line();
    }

    public void Shares(SharesFigure f)
    {
        Line("| Large accounts' reposts merged on read: the median reader's page 1 (medians) | round trip | server |");
        Line("|---|---:|---:|");
        Line($"| as generated | {f.Without.RoundTripMs:0.000} ms | {f.Without.ServerMs:0.000} ms |");
        Line($"| {f.Shares:N0} reposts listed ({SharesFigures.PerAccount} for each large account; the reader follows {f.FollowedLarge:N0} of them) | " +
             $"{f.With.RoundTripMs:0.000} ms | {f.With.ServerMs:0.000} ms |");
        Line();
        Line($"With them, {f.SharedOnPage} of the page's 20 posts came through a large account's repost (docs/feed.md \"Large accounts' reposts and " +
             "collaborations\"); the reposts were added for this measurement and removed after it.");
        Line();
    }

    public void Queries(IReadOnlyList<QueryFigure> figures)
    {
        Line("| Database level, 20 posts a page (medians) | feed: server | `get_user_feed`: server | ratio | feed: round trip | `get_user_feed`: round trip | ratio | target |");
        Line("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var f in figures)
        {
            int? target = f.Reader.StartsWith("median", StringComparison.Ordinal) ? 10 : f.Reader.StartsWith("heavy", StringComparison.Ordinal) ? 50 : null;
            var verdict = (f.Page, target) switch
            {
                (1 or 10, { } t) => $"≥ {t}×: server {(f.ServerRatio >= t ? "✓" : "✗")}, round trip {(f.RoundTripRatio >= t ? "✓" : "✗")}",
                (1 or 10, null) => "none (a reader of 300 rarely-posting accounts: its newest 200 entries are kept past the window)",
                _ => "none (the first page past the reader's entries: the feed pulls)",
            };
            Line($"| {f.Reader} ({f.Followees:N0} followees), page {f.Page}{(f.SamePosts ? "" : " — posts differ!")} | " +
                 $"{f.Feed.ServerMs:0.000} ms | {f.Pull.ServerMs:0.00} ms | {f.ServerRatio:0}× | " +
                 $"{f.Feed.RoundTripMs:0.000} ms | {f.Pull.RoundTripMs:0.00} ms | {f.RoundTripRatio:0}× | {verdict} |");
        }
        Line();
        Line("Server: EXPLAIN (ANALYZE, TIMING OFF) execution time. Round trip: the client's wait through Npgsql, prepared, rows read " +
             $"({figures.FirstOrDefault()?.Feed.Runs ?? 0} runs of the feed). Same posts: the page's posts by followed accounts (and the reader's own) are the seed's of the same span, in order (the seed cannot show what they reposted or co-authored).");
        Line();
        Line("Judge the targets by the round trip: EXPLAIN ANALYZE still costs something per row even without timing, and the pull " +
             "handles thousands of rows where the feed handles dozens, so its server time can exceed its own round trip " +
             $"(here: {string.Join(", ", figures.Where(f => f.Pull.ServerMs > f.Pull.RoundTripMs).Select(f => $"{f.Reader} page {f.Page}"))}" +
             $"{(figures.Any(f => f.Pull.ServerMs > f.Pull.RoundTripMs) ? "" : "none")}) and the server ratio flatters the feed.");
        Line();
    }

    public void Http(LoadFigure feed, LoadFigure me, LoadFigure direct, BreakdownFigure b, LoadFigure? wrkFeed = null, LoadFigure? wrkMe = null, bool wrkChild = true)
    {
        Line($"| HTTP on 127.0.0.1, {feed.Concurrency} concurrent clients | p50 | p99 | requests/s | errors | CPU: server's process | CPU: PostgreSQL | CPU: wrk | CPU per request: server + PostgreSQL | CPU stolen |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in new[] { feed, me })
            Line($"| in-process HttpClient (Server host in the tool's process): `GET {f.Route.Split('?')[0]}` | {f.P50Ms:0.00} ms | {f.P99Ms:0.00} ms | {f.PerSecond:N0} | {f.Errors} | " +
                 $"{f.ServerCores:0.00} cores (server + clients) | {f.PostgresCores:0.00} cores | – | {f.CpuPerRequest} | {f.Steal} |");
        if (wrkFeed is not null && wrkMe is not null)
            foreach (var f in new[] { wrkFeed, wrkMe })
                Line($"| wrk (separate process, {WrkLoad.Threads} threads, {f.Concurrency} connections; Server {(wrkChild ? "a child process" : "in the tool's process")}): `GET {f.Route}` | " +
                     $"{f.P50Ms:0.00} ms | {f.P99Ms:0.00} ms | {f.PerSecond:N0} | {f.Errors} | {f.ServerCores:0.00} cores | {f.PostgresCores:0.00} cores | {f.GeneratorCores:0.00} cores | {f.CpuPerRequest} | {f.Steal} |");
        Line($"| for comparison: `FeedReader` called directly, no HTTP | {direct.P50Ms:0.00} ms | {direct.P99Ms:0.00} ms | {direct.PerSecond:N0} | – | – | – | – | – | {direct.Steal} |");
        Line();
        Line("CPU: average cores used over the run (warm-up included) by the server's process, by the PostgreSQL processes and by wrk; " +
             $"the machine's other tenants take what is left of the {Environment.ProcessorCount} cores. CPU per request divides those by the request rate. " +
             "CPU stolen: the share of the machine's CPU time the hypervisor gave to other guests meanwhile (/proc/stat), time in which a runnable thread here waited.");
        var ratio = feed.P50Ms / me.P50Ms;
        Line();
        Line($"One feed request outside HTTP, one reader at a time (500 readers): read {b.ReadMs:0.000} ms, signing {b.UrlsPerPage:0.0} media URLs " +
             $"{b.SignMs:0.000} ms, JSON {b.JsonMs:0.000} ms ({b.BytesPerPage:N0} bytes).");
        Line();
        Line($"Targets, in-process clients: feed p99 ≤ 10 ms {(feed.P99Ms <= 10 ? "✓" : "✗")}; feed ≥ 2,000 req/s {(feed.PerSecond >= 2000 ? "✓" : "✗")}; " +
             $"feed p50 ≤ 2 × `/users/me` p50: {ratio:0.00}× {(ratio <= 2 ? "✓" : "✗")}.");
        if (wrkFeed is not null && wrkMe is not null)
        {
            var wrkRatio = wrkFeed.P50Ms / wrkMe.P50Ms;
            Line();
            Line($"Targets, wrk: feed p99 ≤ 10 ms {(wrkFeed.P99Ms <= 10 ? "✓" : "✗")}; feed ≥ 2,000 req/s {(wrkFeed.PerSecond >= 2000 ? "✓" : "✗")}; " +
                 $"feed p50 ≤ 2 × `/users/me` p50: {wrkRatio:0.00}× {(wrkRatio <= 2 ? "✓" : "✗")}.");
        }
        Line();
    }

    /// <summary>The feed and <c>/users/me</c> at fewer clients than the main load: how latency grows with the queue.</summary>
    public void Sweep(IReadOnlyList<(LoadFigure Feed, LoadFigure Me)> levels)
    {
        if (levels.Count == 0) return;
        Line("| In-process HTTP clients (short runs) | feed p50 | feed p99 | feed req/s | `/users/me` p50 | `/users/me` p99 | `/users/me` req/s | feed p50 ÷ `/users/me` p50 | CPU stolen (feed run) |");
        Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (feed, me) in levels)
            Line($"| {feed.Concurrency} | {feed.P50Ms:0.00} ms | {feed.P99Ms:0.00} ms | {feed.PerSecond:N0} | {me.P50Ms:0.00} ms | {me.P99Ms:0.00} ms | {me.PerSecond:N0} | " +
                 $"{feed.P50Ms / me.P50Ms:0.0}× | {feed.Steal} |");
        Line();
        Line("With one client the p50s are the two requests' service times; with more, each request also waits for the others " +
             "(closed loop: latency ≈ clients ÷ throughput once the cores are saturated).");
        Line();
    }

    /// <summary>Explore (docs/feed.md "Explore"): the ranking job once, then the read under the feed's load. No target: a figure to watch.</summary>
    public void Explore(ExploreRanking ranking, LoadFigure explore)
    {
        Line($"| Explore: ranked once by explore-refresh ({ranking.RefreshMs:N0} ms; {ranking.Ranked:N0} ranked of {ranking.WindowPosts:N0} posts in the 7-day window) | p50 | p99 | req/s | CPU per request: server + PostgreSQL |");
        Line("|---|---:|---:|---:|---:|");
        Line($"| HTTP `GET /api/v1/explore`, {explore.Concurrency} clients | {explore.P50Ms:0.00} ms | {explore.P99Ms:0.00} ms | {explore.PerSecond:N0} | {explore.CpuPerRequest} |");
        Line();
    }

    public void Impressions(LoadFigure f, ImpressionRows before, ImpressionRows after)
    {
        Line("| Impressions: each reader reports the next 10 of its first 50 feed posts (a look a minute counts once) | p50 | p99 | req/s | CPU per request: server + PostgreSQL |");
        Line("|---|---:|---:|---:|---:|");
        Line($"| HTTP `POST /api/v1/impressions`, {f.Concurrency} clients | {f.P50Ms:0.00} ms | {f.P99Ms:0.00} ms | {f.PerSecond:N0} | {f.CpuPerRequest} |");
        Line();
        Line($"Rows written (accounts reached), warm-up included: {after.Rows - before.Rows:N0} new, {after.Impressions - before.Impressions:N0} impressions added; {f.Errors} errors.");
        Line();
    }

    public void WrkLikes(WrkLikeFigure f, bool wrkChild = true)
    {
        Line();
        Line($"| Likes from wrk (separate process, {WrkLoad.Threads} threads; Server {(wrkChild ? "a child process" : "in the tool's process")}; {f.Likers} connections, {f.Seconds:0} s rolling over fresh posts) | likes/s | p50 | p99 | exact |");
        Line("|---|---:|---:|---:|---|");
        Line($"| HTTP `PUT /api/v1/posts/{{id}}/like` | {f.PerSecond:N0} | {f.P50Ms:0.00} ms | {f.P99Ms:0.00} ms | " +
             $"like_count = like rows on all {f.Posts} posts: {(f.CountersExact ? "yes" : "NO")}; {f.Ok:N0} likes acknowledged ≤ {f.LikeRows:N0} like rows ≤ {f.Sent:N0} sent: " +
             $"{(f.Ok <= f.LikeRows && f.LikeRows <= f.Sent ? "yes" : "NO")}; {f.FullPosts} posts at exactly {f.Likers}, {f.PartialPosts} partly liked when wrk stopped; " +
             $"{f.Failed} failed{(f.Exhausted ? "; RAN OUT OF POSTS, rate invalid" : "")} |");
        Line();
        Line($"Then the event pipeline (background services were off during the load): {f.Drain}.");
        Line();
        var exact = f.CountersExact && f.Failed == 0 && f.LikeRows >= f.Ok && f.LikeRows <= f.Sent;
        Line($"Targets, wrk: ≥ 3,000 likes/s {(f.PerSecond >= 3000 && !f.Exhausted ? "✓" : "✗")}; exact count {(exact ? "✓" : "✗")}.");
    }

    public void Likes(LikeFigure f)
    {
        var exact = f.Counted == f.Rounds && f.Failures == 0;
        Line($"| Likes: {f.Likers} users at once on one post, {f.Rounds} posts in turn | likes/s | CPU per like: server (with clients) + PostgreSQL | exact final counts |");
        Line("|---|---:|---:|---|");
        Line($"| {f.Path} | {f.PerSecond:N0} | {f.ServerCpuMs:0.00} + {f.PostgresCpuMs:0.00} ms | {f.Counted}/{f.Rounds} posts at exactly {f.Likers} ({f.CountSource}), {f.Failures} failed requests |");
        Line();
        Line($"Then the event pipeline (background services were off during the rounds): {f.Drain}.");
        Line();
        Line($"Targets: ≥ 3,000 likes/s {(f.PerSecond >= 3000 ? "✓" : "✗")}; exact count {(exact ? "✓" : "✗")}.");
    }

    /// <summary>A section formatted elsewhere (the route sweep's), as it is.</summary>
    public void Section(string markdown) => _text.Append(markdown);

    public override string ToString() => _text.ToString();

    private void Line(string text = "") => _text.AppendLine(text);
}
