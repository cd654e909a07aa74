using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Fowergram.Features.Feed;
using Npgsql;

namespace Fowergram.Bench;

/// <summary>What the generator built (kept in bench.dataset, so --skip-generate measures with the same settings).</summary>
public sealed record DatasetInfo(int Users, int Posts, int Rare, int Days, int Window, int Threshold, DateTimeOffset GeneratedAt);

/// <summary>
/// Builds the synthetic dataset with generate_series (Sql/generate.sql, one progress step per
/// "-- @step"). Bulk-load practice on a scratch database: foreign keys are not re-checked row by row
/// (session_replication_role = replica; the generator only makes consistent rows), and the indexes of
/// the big tables (except keys other tables point at) are dropped before loading and rebuilt after.
/// </summary>
public static partial class Dataset
{
    public static int StepCount => Steps(Template()).Count + 2;

    public static async Task<DatasetInfo> GenerateAsync(NpgsqlDataSource db, BenchSettings s, ProgressDisplay progress)
    {
        var now = DateTimeOffset.UtcNow;
        var info = new DatasetInfo(s.Users, s.Posts, s.Rare, s.Days, s.Window, s.Threshold, now);
        var values = new Dictionary<string, string>
        {
            ["users"] = Int(s.Users), ["posts"] = Int(s.Posts), ["rare"] = Int(s.Rare), ["days"] = Int(s.Days),
            ["window"] = Int(s.Window), ["threshold"] = Int(s.Threshold), ["keep"] = Int(new FeedOptions().RetainEntries),
            // Targets repeat (popular accounts are drawn often) and repeats are dropped: draw ~10% more.
            ["minfollows"] = Int(s.Follows * 40 / 150), ["followspread"] = Int(s.Follows * 258 / 150),
            ["now"] = $"'{now.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}+00'",
        };
        await using var conn = await db.OpenConnectionAsync();
        // The loading settings below (the replica role included) are session state, and the pool does not reset
        // sessions (No Reset On Close, DataServices.CreateDataSource): reset them before the connection goes back.
        await using var reset = new SessionReset(conn);
        await conn.ExecuteAsync("""
            SET maintenance_work_mem = '1GB'; SET work_mem = '512MB'; SET synchronous_commit = off;
            SET max_parallel_workers_per_gather = 0; SELECT setseed(0.4242);
            """);
        try
        {
            await conn.ExecuteAsync("SET session_replication_role = replica");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.WriteLine("Not a superuser: foreign keys are checked row by row while loading (slower, same data).");
        }
        foreach (var (label, sql) in Steps(Template()))
        {
            var text = Placeholder().Replace(sql, m => values[m.Groups[1].Value]);
            await progress.StepAsync(label, () => conn.ExecuteAsync(new CommandDefinition(text, commandTimeout: 0)),
                rows => rows > 0 ? $"{rows:N0} rows" : "");
        }
        await progress.StepAsync("rebuild the indexes dropped for loading", async () =>
        {
            var saved = (await conn.QueryAsync<(string Name, string Definition)>(
                "SELECT name, definition FROM bench.saved_indexes ORDER BY is_constraint DESC, name")).ToList();
            foreach (var (name, definition) in saved)
            {
                await conn.ExecuteAsync(new CommandDefinition(definition, commandTimeout: 0));
                await conn.ExecuteAsync("DELETE FROM bench.saved_indexes WHERE name = @name", new { name });
            }
        });
        await progress.StepAsync("vacuum and analyze", async () =>
        {
            await conn.ExecuteAsync(new CommandDefinition("VACUUM (ANALYZE)", commandTimeout: 0));
            await conn.ExecuteAsync("""
                CREATE TABLE IF NOT EXISTS bench.dataset (id int PRIMARY KEY CHECK (id = 1), users int, posts int, rare int, days int,
                                                       "window" int, threshold int, generated_at timestamptz);
                INSERT INTO bench.dataset VALUES (1, @Users, @Posts, @Rare, @Days, @Window, @Threshold, @GeneratedAt)
                ON CONFLICT (id) DO UPDATE SET users = @Users, posts = @Posts, rare = @Rare, days = @Days, "window" = @Window,
                    threshold = @Threshold, generated_at = @GeneratedAt
                """, info);
        });
        return info;
    }

    public static async Task<DatasetInfo?> ReadInfoAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (!await conn.ExecuteScalarAsync<bool>("SELECT to_regclass('bench.dataset') IS NOT NULL")) return null;
        var rows = (await conn.QueryAsync<(int Users, int Posts, int Rare, int Days, int Window, int Threshold, DateTime At)>("""
            SELECT users, posts, rare, days, "window", threshold, generated_at FROM bench.dataset WHERE id = 1
            """)).ToList();
        return rows is [var r]
            ? new DatasetInfo(r.Users, r.Posts, r.Rare, r.Days, r.Window, r.Threshold, new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)))
            : null;
    }

    /// <summary>The reader following every rarely-posting account.</summary>
    public static Guid HeavyReader(DatasetInfo info) => UserId(info.Users + info.Rare + 1L);

    /// <summary>The reader following 300 rarely-posting accounts (none in datasets generated before it existed).</summary>
    public static Guid SparseReader(DatasetInfo info) => UserId(info.Users + info.Rare + 2L);

    /// <summary>User n of the generator (bench.uid in SQL).</summary>
    public static Guid UserId(long n) => Guid.Parse("00000000-0000-4000-8000-" + n.ToString("x12", CultureInfo.InvariantCulture));

    private static List<(string Label, string Sql)> Steps(string template) =>
        template.Split("-- @step ", StringSplitOptions.RemoveEmptyEntries)
            .Select(part => (Label: part[..part.IndexOf('\n')].Trim(), Sql: part[(part.IndexOf('\n') + 1)..]))
            .ToList();

    private static string Template()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("generate.sql")
            ?? throw new InvalidOperationException("generate.sql is not embedded.");
        return new StreamReader(stream).ReadToEnd();
    }

    private static string Int(long n) => n.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\{([a-z]+)\}")]
    private static partial Regex Placeholder();

    private sealed class SessionReset(NpgsqlConnection conn) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (conn.State == System.Data.ConnectionState.Open) await conn.ExecuteAsync("RESET ALL");
        }
    }
}
