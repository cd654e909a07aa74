using System.Globalization;

namespace Fowergram.Bench;

/// <summary>Command-line options; every number has the default.</summary>
public sealed record BenchSettings
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Fowergram.Bench -- [options]
          --users N           ordinary accounts (100000)
          --posts N           posts of ordinary accounts (2000000)
          --rare N            rarely-posting accounts the heavy reader follows (5000)
          --follows N         average followees of an ordinary account (150)
          --days N            period the posts are spread over (365)
          --window N          feed retention window in days, Feed:RetentionDays (30)
          --threshold N       fan-out limit in followers, Feed:FanOutMaxFollowers (10000)
          --skip-generate     measure the dataset already in the database
          --database NAME     database to use (fowergram_bench); created when missing
          --db-runs N         timed runs per database query (200; fewer for slow ones)
          --seconds N         measured seconds per HTTP load (10, after 3 s of warm-up)
          --concurrency N     HTTP clients (16)
          --sweep-seconds N   measured seconds per step of the sweep at 1, 2, 4 and 8 clients (5; 0 skips it)
          --likers N          users liking one post at once (200)
          --like-rounds N     hot posts liked in turn (10)
          --server-pool N     the Server host's Maximum Pool Size, connections to PostgreSQL at most
                              (2 per core of this machine, where PostgreSQL runs too: 4 on 2 cores)
          --report FILE       also write the figures as Markdown to FILE
          --only PART         measure only db, http or likes (while developing)
          --wrk               also generate the HTTP and likes load with wrk in a separate process
                              (2 threads; needs wrk on PATH), reported beside the in-process figures
          --route-sweep       with --skip-generate: instead of the figures above, time every GET route one request
                              at a time as the heavy and the median reader, slowest first (docs/performance.md)
          --route-runs N      timed requests per route in the route sweep (20, after 3 discarded)
          --route-threshold N milliseconds (p50) over which the route sweep flags a route (20)
          --route-match TEXT  sweep only the routes whose template contains TEXT (e.g. /search)
          --wrk-server WHERE  the server wrk drives: child (the built Server as a child dotnet process,
                              the default) or inprocess (the host inside this tool)
        Connection: ConnectionStrings__Fowergram (or DATABASE_URL / DB_*), the database name replaced by --database.
        """;

    public int Users { get; init; } = 100_000;
    public int Posts { get; init; } = 2_000_000;
    public int Rare { get; init; } = 5_000;
    public int Follows { get; init; } = 150;
    public int Days { get; init; } = 365;
    public int Window { get; init; } = 30;
    public int Threshold { get; init; } = 10_000;
    public bool SkipGenerate { get; init; }
    public string Database { get; init; } = "fowergram_bench";
    public int DbRuns { get; init; } = 200;
    public int Seconds { get; init; } = 10;
    public int Concurrency { get; init; } = 16;
    public int SweepSeconds { get; init; } = 5;
    public int Likers { get; init; } = 200;
    public int LikeRounds { get; init; } = 10;
    /// <summary>
    /// Two connections per core of the machine PostgreSQL shares with the server and the clients. More only queue inside
    /// PostgreSQL instead of in the pool, each connection a process that competes for the same cores: measured on 2 cores, 200
    /// likers through 200 connections ran 530 likes/s (2.42 ms of PostgreSQL CPU per like), through 8 connections 2,489/s
    /// (0.36 ms); the feed's p99 at 16 clients fell from 97 ms at 16 connections to 41 ms at 8 (2026-12-02), and from
    /// 31–41 ms at 8 to 19–30 ms at 4 with the rate within 3 % and likes alike (2026-12-05; docs/performance-history.md, the ninth and thirty-fifth sessions).
    /// </summary>
    public int ServerPool { get; init; } = 2 * Environment.ProcessorCount;
    public string? Report { get; init; }
    public string? Only { get; init; }
    public bool Wrk { get; init; }
    public bool WrkChild { get; init; } = true;
    public bool RouteSweep { get; init; }
    public int RouteRuns { get; init; } = 20;
    public int RouteThreshold { get; init; } = 20;
    public string? RouteMatch { get; init; }

    public bool Measures(string part) => Only is null || Only == part;

    /// <summary>Client counts of the latency sweep: 1, 2, 4 and 8, those below <see cref="Concurrency"/>; none when it is off.</summary>
    public IReadOnlyList<int> SweepLevels => SweepSeconds == 0 ? [] : new[] { 1, 2, 4, 8 }.Where(c => c < Concurrency).ToList();

    public static BenchSettings Parse(string[] args)
    {
        var s = new BenchSettings();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Number(int min) => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n : throw new ArgumentException($"{args[i - 1]} needs a whole number of at least {min}.");
            s = args[i] switch
            {
                "--users" => s with { Users = Number(1_000) },
                "--posts" => s with { Posts = Number(1_000) },
                "--rare" => s with { Rare = Number(1) },
                "--follows" => s with { Follows = Number(10) },
                "--days" => s with { Days = Number(1) },
                "--window" => s with { Window = Number(1) },
                "--threshold" => s with { Threshold = Number(1) },
                "--skip-generate" => s with { SkipGenerate = true },
                "--database" => s with { Database = Next() },
                "--db-runs" => s with { DbRuns = Number(1) },
                "--seconds" => s with { Seconds = Number(1) },
                "--concurrency" => s with { Concurrency = Number(1) },
                "--sweep-seconds" => s with { SweepSeconds = Number(0) },
                "--likers" => s with { Likers = Number(1) },
                "--server-pool" => s with { ServerPool = Number(1) },
                "--like-rounds" => s with { LikeRounds = Number(1) },
                "--wrk" => s with { Wrk = true },
                "--wrk-server" => s with { WrkChild = Next() switch { "child" => true, "inprocess" => false, _ => throw new ArgumentException("--wrk-server takes child or inprocess.") } },
                "--route-sweep" => s with { RouteSweep = true },
                "--route-runs" => s with { RouteRuns = Number(3) },
                "--route-threshold" => s with { RouteThreshold = Number(1) },
                "--route-match" => s with { RouteMatch = Next() },
                "--report" => s with { Report = Next() },
                "--only" => s with { Only = Next() is var part and ("db" or "http" or "likes") ? part : throw new ArgumentException("--only takes db, http or likes.") },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(s.Database, "^[a-z_][a-z0-9_]{0,62}$"))
            throw new ArgumentException("--database must be a lower-case identifier.");
        if (s.RouteSweep && !s.SkipGenerate) throw new ArgumentException("--route-sweep measures the dataset already there: add --skip-generate.");
        if (s.Likers > 1_000) throw new ArgumentException("--likers can be at most 1000 (accounts 1..N of the dataset like).");
        return s;
    }
}
