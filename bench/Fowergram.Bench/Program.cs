using Dapper;
using Fowergram.Bench;
using Fowergram.Platform.Data;
using Microsoft.Extensions.Configuration;
using Npgsql;

// The benchmark of docs/performance.md. Builds (or reuses) the synthetic dataset, then measures the
// feed at the database level, the Server host over loopback HTTP, and concurrent likes, and prints
// the figures as a Markdown table.
BenchSettings settings;
try
{
    if (args is ["help" or "--help" or "-h"])
    {
        Console.WriteLine(BenchSettings.Usage);
        return 0;
    }
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}

var configured = DatabaseSettings.Resolve(new ConfigurationBuilder().AddEnvironmentVariables().Build());
var connectionString = new NpgsqlConnectionStringBuilder(configured)
{
    Database = settings.Database, ApplicationName = "fowergram-bench", MaxPoolSize = 200, CommandTimeout = 0,
}.ConnectionString;
await EnsureDatabaseAsync(configured, settings.Database);
await using var db = DataServices.CreateDataSource(connectionString);
await new Migrator(db).MigrateAsync();

DatasetInfo info;
if (settings.SkipGenerate)
{
    info = await Dataset.ReadInfoAsync(db)
        ?? throw new InvalidOperationException($"Database {settings.Database} holds no generated dataset; run without --skip-generate first.");
    Console.WriteLine($"Reusing the dataset generated {info.GeneratedAt:u} ({info.Users:N0} users, {info.Posts:N0} posts).");
}
else
{
    Console.WriteLine($"Generating {settings.Users:N0} users, {settings.Posts:N0} posts, a reader of {settings.Rare:N0} rare posters and one of 300 of them into {settings.Database}:");
    var generation = new ProgressDisplay(Dataset.StepCount);
    info = await Dataset.GenerateAsync(db, settings, generation);
    Console.WriteLine($"Dataset ready in {ProgressDisplay.Seconds(generation.Elapsed)}.");
}

if (settings.Wrk) WrkLoad.Require();
var wrkSteps = settings.Wrk ? 1 : 0;
var progress = settings.RouteSweep ? new ProgressDisplay(2 + RouteSweepRun.Steps) : new ProgressDisplay(2 + (settings.WrkChild && (settings.Measures("http") || settings.Measures("likes")) ? wrkSteps : 0) + (settings.Measures("db") ? 12 : 0) + (settings.Measures("http") ? 8 + 2 * settings.SweepLevels.Count + 2 * wrkSteps + (settings.WrkChild ? wrkSteps : 0) : 0)
                                   + (settings.Measures("likes") ? 1 + wrkSteps : 0));
var report = new Report();
var warm = await progress.StepAsync("warm the caches (pg_prewarm)", () => CacheWarmer.WarmAsync(db), w => w.ToString());
report.Header(await Report.MachineAsync(db), info, await progress.StepAsync("count the dataset", () => Report.DatasetAsync(db)), warm, settings.ServerPool);
if (settings.RouteSweep)
{
    report.Section(await RouteSweepRun.RunAsync(db, info, settings, progress));
    Console.WriteLine();
    Console.WriteLine(report);
    if (settings.Report is { } sweepPath) await File.WriteAllTextAsync(sweepPath, report.ToString());
    return 0;
}
if (settings.Measures("db"))
{
    var (median, medianFollowees) = await progress.StepAsync("find the median reader", () => DbFigures.MedianReaderAsync(db, info),
        r => $"{r.Followees} followees");
    await progress.StepAsync("warm the read path (the .NET code optimised, as in a running server)", () => DbFigures.WarmAsync(db, info, median),
        n => $"{n:N0} feed reads");
    var queries = new List<QueryFigure>();
    var readers = new List<(string, Guid, long)> { ("median reader", median, medianFollowees), ("heavy reader", Dataset.HeavyReader(info), info.Rare) };
    if (await DbFigures.FolloweesAsync(db, Dataset.SparseReader(info)) is > 0 and var sparseFollowees)
        readers.Add(("sparse reader", Dataset.SparseReader(info), sparseFollowees));
    foreach (var (label, reader, followees) in readers)
        foreach (var page in new[] { 1, 10, await DbFigures.FirstPagePastEntriesAsync(db, info, reader) })
            queries.Add(await progress.StepAsync($"database: {label}, page {page}", () => DbFigures.MeasureAsync(db, info, settings, label, reader, followees, page),
                f => $"server {f.Feed.ServerMs:0.000} vs {f.Pull.ServerMs:0.00} ms ({f.ServerRatio:0}×), round trip {f.Feed.RoundTripMs:0.000} vs " +
                     $"{f.Pull.RoundTripMs:0.00} ms ({f.RoundTripRatio:0}×){(f.SamePosts ? "" : ", POSTS DIFFER")}"));
    report.Queries(queries);
    report.Shares(await progress.StepAsync($"database: median reader, page 1, with {SharesFigures.PerAccount} reposts listed per large account",
        () => SharesFigures.MeasureAsync(db, info, settings, median),
        f => $"round trip {f.Without.RoundTripMs:0.000} → {f.With.RoundTripMs:0.000} ms, server {f.Without.ServerMs:0.000} → {f.With.ServerMs:0.000} ms; " +
             $"{f.SharedOnPage} of the page's posts came through a large account's repost"));
}
if (settings.Measures("http") || settings.Measures("likes"))
{
    var serverConnection = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = settings.ServerPool }.ConnectionString;
    await using var server = await BenchServer.StartAsync(serverConnection, info);
    // wrk drives the built Server in a child process with the same configuration (idle until then).
    await using var child = settings.Wrk && settings.WrkChild
        ? await progress.StepAsync("start the Server as a child dotnet process for wrk", () => ChildServer.StartAsync(server), c => $"pid {c.ProcessId}, {c.Address}")
        : null;
    var wrkTarget = child?.Address ?? server.Address;
    Func<TimeSpan> wrkServerCpu = child is not null ? child.ProcessorTime : CpuMeter.Self;
    if (settings.Measures("http"))
    {
        var random = new Random(42);
        var tokens = Enumerable.Range(0, 2_000).Select(_ => server.TokenFor(random.NextInt64(1, info.Users + 1))).ToList();
        var (warmUp, measured) = (TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(settings.Seconds));
        var breakdown = await progress.StepAsync("one feed request, step by step, 500 readers", () => RequestBreakdown.RunAsync(server, info),
            b => $"read {b.ReadMs:0.000} ms, sign {b.SignMs:0.000} ms ({b.UrlsPerPage:0.0} URLs), JSON {b.JsonMs:0.000} ms");
        var direct = await progress.StepAsync($"FeedReader without HTTP, {settings.Concurrency} loops",
            () => WithCpu(CpuMeter.Self, false, () => ReaderLoad.RunAsync(db, info, settings.Concurrency, warmUp, measured)), Describe);
        var feed = await progress.StepAsync($"HTTP GET /api/v1/feed, {settings.Concurrency} clients",
            () => WithCpu(CpuMeter.Self, false, () => HttpLoad.RunAsync(server.Address, "/api/v1/feed", tokens, settings.Concurrency, warmUp, measured)), Describe);
        var me = await progress.StepAsync($"HTTP GET /api/v1/users/me, {settings.Concurrency} clients",
            () => WithCpu(CpuMeter.Self, false, () => HttpLoad.RunAsync(server.Address, "/api/v1/users/me", tokens, settings.Concurrency, warmUp, measured)), Describe);
        var ranking = await progress.StepAsync("explore: rank the window (explore-refresh)", () => ExploreFigures.RefreshAsync(server, db),
            r => $"{r.RefreshMs:N0} ms, {r.Ranked:N0} ranked of {r.WindowPosts:N0} posts in the window");
        var explore = await progress.StepAsync($"HTTP GET /api/v1/explore, {settings.Concurrency} clients",
            () => WithCpu(CpuMeter.Self, false, () => HttpLoad.RunAsync(server.Address, "/api/v1/explore", tokens, settings.Concurrency, warmUp, measured)), Describe);
        var reports = await progress.StepAsync("impressions: each reader's first 50 feed posts", () => ImpressionFigures.ReportsAsync(server.Address, tokens), _ => "read");
        var rowsBefore = await ImpressionFigures.CountAsync(db);
        var impressions = await progress.StepAsync($"HTTP POST /api/v1/impressions, {settings.Concurrency} clients, 10 posts a report",
            () => WithCpu(CpuMeter.Self, false, () => HttpLoad.RunAsync(server.Address, "/api/v1/impressions", tokens, settings.Concurrency, warmUp, measured, reports)), Describe);
        var rowsAfter = await ImpressionFigures.CountAsync(db);
        var sweep = new List<(LoadFigure Feed, LoadFigure Me)>();
            foreach (var clients in settings.SweepLevels)
            {
                var (shortWarmUp, shortRun) = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(settings.SweepSeconds));
                var sweepFeed = await progress.StepAsync($"sweep: HTTP GET /api/v1/feed, {clients} clients",
                    () => WithCpu(CpuMeter.Self, false, () => HttpLoad.RunAsync(server.Address, "/api/v1/feed", tokens, clients, shortWarmUp, shortRun)), Describe);
                var sweepMe = await progress.StepAsync($"sweep: HTTP GET /api/v1/users/me, {clients} clients",
                    () => WithCpu(CpuMeter.Self, false, () => HttpLoad.RunAsync(server.Address, "/api/v1/users/me", tokens, clients, shortWarmUp, shortRun)), Describe);
                sweep.Add((sweepFeed, sweepMe));
            }
        LoadFigure? wrkFeed = null, wrkMe = null;
        if (settings.Wrk)
        {
            // The child starts cold while the in-process host has served the steps above: measured, a 3 s warm-up
            // left it spending 0.40–0.59 ms of CPU per feed request against 0.35 ms once warm (tiered JIT), so
            // it first serves the same load for a while, discarded.
            if (child is not null)
                await progress.StepAsync("warm the child server: wrk GET /api/v1/feed for 15 s, discarded",
                    () => WrkLoad.RunAsync(wrkTarget, "/api/v1/feed", tokens, settings.Concurrency, warmUp, TimeSpan.FromSeconds(12)), Describe);
            wrkFeed = await progress.StepAsync($"wrk GET /api/v1/feed, {settings.Concurrency} connections, {WrkLoad.Threads} threads",
                () => WithCpu(wrkServerCpu, true, () => WrkLoad.RunAsync(wrkTarget, "/api/v1/feed", tokens, settings.Concurrency, warmUp, measured)), Describe);
            wrkMe = await progress.StepAsync($"wrk GET /api/v1/users/me, {settings.Concurrency} connections, {WrkLoad.Threads} threads",
                () => WithCpu(wrkServerCpu, true, () => WrkLoad.RunAsync(wrkTarget, "/api/v1/users/me", tokens, settings.Concurrency, warmUp, measured)), Describe);
        }
        report.Http(feed, me, direct, breakdown, wrkFeed, wrkMe, settings.WrkChild);
        report.Sweep(sweep);
        report.Explore(ranking, explore);
        report.Impressions(impressions, rowsBefore, rowsAfter);
    }
    if (settings.Measures("likes"))
        report.Likes(await progress.StepAsync($"likes: {settings.Likers} users at once, {settings.LikeRounds} posts",
            () => LikeFigures.RunAsync(server, db, settings, info), f => $"{f.PerSecond:N0} likes/s, {f.Counted}/{f.Rounds} exact, CPU per like {f.ServerCpuMs:0.00} + {f.PostgresCpuMs:0.00} ms; pipeline {f.Drain}"));
    if (settings.Measures("likes") && settings.Wrk)
        report.WrkLikes(await progress.StepAsync($"wrk likes: {settings.Likers} connections, a distinct user per request in flight, {settings.Seconds} s",
            () => WrkLikes.RunAsync(server, wrkTarget, db, settings, info), f => $"{f.PerSecond:N0} likes/s, {f.FullPosts} full posts, {f.PartialPosts} partial, {f.Ok:N0} acked/{f.LikeRows:N0} rows/{f.Sent:N0} sent, counters {(f.CountersExact ? "exact" : "WRONG")}; pipeline {f.Drain}"), settings.WrkChild);
}
Console.WriteLine();
Console.WriteLine(report);
if (settings.Report is { } path) await File.WriteAllTextAsync(path, report.ToString());
return 0;

static string Describe(LoadFigure f) => $"p50 {f.P50Ms:0.00} ms, p99 {f.P99Ms:0.00} ms, {f.PerSecond:N0}/s, {f.Errors} errors" +
    (f.ServerCores is { } s ? $", CPU: server process {s:0.00} cores" : "") + (f.GeneratorCores is { } g ? $", wrk {g:0.00} cores" : "") +
    (f.PostgresCores is { } p ? $", PostgreSQL {p:0.00} cores; per request {f.CpuPerRequest}" : "") + (f.Gc is { } gc ? $"; GC: {gc}" : "") +
    (f.StealShare is not null ? $"; stolen {f.Steal}" : "");

static async Task<LoadFigure> WithCpu(Func<TimeSpan> serverCpu, bool wrk, Func<Task<LoadFigure>> run)
{
    var (figure, serverCores, childrenCores, postgresCores, steal) = await CpuMeter.MeasureAsync(serverCpu, run);
    return figure with { ServerCores = serverCores, GeneratorCores = wrk ? childrenCores : null, PostgresCores = postgresCores, StealShare = steal };
}

static async Task EnsureDatabaseAsync(string configured, string database)
{
    await using var conn = new NpgsqlConnection(configured);
    try
    {
        await conn.OpenAsync();
    }
    catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
    {
        conn.ConnectionString = new NpgsqlConnectionStringBuilder(configured) { Database = "postgres" }.ConnectionString;
        await conn.OpenAsync();
    }
    if (!await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @database)", new { database }))
        // A checked identifier (BenchSettings.Parse); the locale scripts/lib.sh gives every database (docs/deploy.md "Database locale").
        await conn.ExecuteAsync($"CREATE DATABASE {database} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'");
}
