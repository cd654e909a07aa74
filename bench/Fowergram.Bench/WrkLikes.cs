using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Fowergram.Platform;
using Fowergram.Server.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Bench;

/// <param name="Posts">Fresh posts prepared; the run moves to the next one when every liker has liked the current one.</param>
/// <param name="FullPosts">Posts with exactly <c>Likers</c> like rows; <paramref name="PartialPosts"/> the others with some (in flight when wrk stopped).</param>
/// <param name="CountersExact">Every prepared post's <c>post_stats.like_count</c> equals its like rows after the drain.</param>
/// <param name="Exhausted">A thread ran out of prepared posts (it then re-liked the last one, which is idempotent): the rate is invalid.</param>
public sealed record WrkLikeFigure(int Likers, double Seconds, long Ok, long Failed, long Sent, double PerSecond, double P50Ms, double P99Ms,
    int Posts, int FullPosts, int PartialPosts, bool CountersExact, long LikeRows, bool Exhausted, DrainFigure Drain);

/// <summary>
/// The likes storm from wrk in a separate process: <c>Likers</c> connections over two threads, each thread with its
/// own half of the likers (accounts 1..N). Request k of a thread is liker k mod N/2 on post k div N/2, so the first
/// wave is N distinct users on one fresh post at once, and then the storm rolls over fresh posts with N likes in
/// flight, every (user, post) pair new — never an idempotent re-like. After the drain, every post that all threads
/// The run stops mid-post (wrk's -d), so the exactness check is an accounting one: after the drain every post's counter
/// equals its like rows, and the like rows lie between the likes acknowledged and the requests sent (requests in
/// flight when wrk stops may still commit); posts with exactly N likes and partially liked ones are counted.
/// (wrk has no per-connection hook, so a user is bound to a request, not to a connection.)
/// </summary>
public static partial class WrkLikes
{
    private const string Script = """
        -- Fowergram bench: PUT /api/v1/posts/<post>/like; thread t likes with its own slice of tokens,
        -- request k = token k % per on post k // per. Counts answers per thread for done().
        local threads = {}
        function setup(thread)
          thread:set("id", #threads)
          table.insert(threads, thread)
        end
        local mine, posts, per, k = {}, {}, 0, 0
        ok, bad, sent, exhausted = 0, 0, 0, 0
        function init(args)
          local all = {}
          for line in io.lines(args[1]) do if #line > 0 then all[#all + 1] = line end end
          for line in io.lines(args[2]) do if #line > 0 then posts[#posts + 1] = line end end
          per = tonumber(args[3])
          for i = 1, per do mine[i] = all[id * per + i] end
        end
        function request()
          local block = math.floor(k / per)
          if block >= #posts then block = #posts - 1; exhausted = 1 end
          local r = wrk.format("PUT", "/api/v1/posts/" .. posts[block + 1] .. "/like",
            { ["Authorization"] = "Bearer " .. mine[k % per + 1] })
          k = k + 1
          sent = k
          return r
        end
        function response(status, headers, body)
          if status >= 200 and status < 300 then ok = ok + 1 else bad = bad + 1 end
        end
        function done(summary, latency, requests)
          local o, b, s, x, m = 0, 0, 0, 0, nil
          for _, t in ipairs(threads) do
            o = o + t:get("ok"); b = b + t:get("bad"); s = s + t:get("sent")
            if t:get("exhausted") == 1 then x = 1 end
            if m == nil or t:get("sent") < m then m = t:get("sent") end
          end
          local e = summary.errors
          io.write(string.format("FOWERGRAM-WRK-LIKES ok=%d bad=%d sent=%d minsent=%d exhausted=%d errors=%d duration_us=%d p50_us=%d p99_us=%d\n",
            o, b, s, m, x, e.connect + e.read + e.write + e.timeout, summary.duration,
            latency:percentile(50), latency:percentile(99)))
        end
        """;

    /// <summary>Tokens come from <paramref name="server"/> (the child at <paramref name="target"/> has the same signing key), and so does the drain: the outbox is the database's.</summary>
    public static async Task<WrkLikeFigure> RunAsync(BenchServer server, Uri target, NpgsqlDataSource db, BenchSettings s, DatasetInfo info)
    {
        var wrk = WrkLoad.Require();
        if (s.Likers % WrkLoad.Threads != 0) throw new InvalidOperationException($"--wrk needs --likers divisible by {WrkLoad.Threads}.");
        var per = s.Likers / WrkLoad.Threads;
        // Enough fresh posts for 10,000 likes/s, far above what two cores do.
        var posts = Enumerable.Range(0, (int)Math.Ceiling(10_000.0 * s.Seconds / s.Likers) + 4).Select(_ => Ids.New(TimeProvider.System)).ToArray();
        await using (var conn = await db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO posts (id, user_id, caption) SELECT id, @author, 'Hot post' FROM unnest(@posts) AS p(id);
                INSERT INTO post_stats (post_id) SELECT id FROM unnest(@posts) AS p(id);
                """, new { posts, author = Dataset.UserId(LikeFigures.PublicAuthor(info)) });
        var dir = Directory.CreateTempSubdirectory("fowergram-wrk-").FullName;
        string output;
        try
        {
            var script = Path.Combine(dir, "likes.lua");
            await File.WriteAllTextAsync(script, Script);
            var tokenFile = Path.Combine(dir, "tokens.txt");
            await File.WriteAllLinesAsync(tokenFile, Enumerable.Range(1, s.Likers).Select(n => server.TokenFor(n)));
            var postFile = Path.Combine(dir, "posts.txt");
            await File.WriteAllLinesAsync(postFile, posts.Select(p => p.ToString()));
            output = await WrkLoad.RunWrkAsync(wrk, target, script, s.Likers, TimeSpan.FromSeconds(s.Seconds),
                ["--", tokenFile, postFile, per.ToString(CultureInfo.InvariantCulture)]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        var m = FiguresLine().Match(output);
        if (!m.Success) throw new InvalidOperationException("wrk printed no figures:\n" + output);
        long Get(string name) => long.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);

        var drain = await DrainFigure.RunAsync(server, db);
        await using var check = await db.OpenConnectionAsync();
        var rows = (await check.QueryAsync<(long Likes, long Counter)>("""
            SELECT (SELECT count(*) FROM likes l WHERE l.post_id = p.id), coalesce((SELECT like_count FROM post_stats s WHERE s.post_id = p.id), -1)
              FROM unnest(@posts) AS p(id)
            """, new { posts })).ToList();
        var seconds = Get("duration_us") / 1e6;
        return new WrkLikeFigure(s.Likers, seconds, Get("ok"), Get("bad") + Get("errors"), Get("sent"), Get("ok") / seconds,
            Get("p50_us") / 1000.0, Get("p99_us") / 1000.0, posts.Length,
            rows.Count(r => r.Likes == s.Likers), rows.Count(r => r.Likes > 0 && r.Likes != s.Likers), rows.All(r => r.Likes == r.Counter), rows.Sum(r => r.Likes),
            Get("exhausted") == 1, drain);
    }

    [GeneratedRegex(@"FOWERGRAM-WRK-LIKES ok=(?<ok>\d+) bad=(?<bad>\d+) sent=(?<sent>\d+) minsent=(?<minsent>\d+) exhausted=(?<exhausted>\d+) errors=(?<errors>\d+) duration_us=(?<duration_us>\d+) p50_us=(?<p50_us>\d+) p99_us=(?<p99_us>\d+)")]
    private static partial Regex FiguresLine();
}
