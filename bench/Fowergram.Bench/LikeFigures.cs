using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Fowergram.Server.Events;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Bench;

/// <param name="Path">"HTTP PUT /api/v1/posts/{id}/like" when the route exists, else the SQL a like route runs.</param>
/// <param name="Counted">How many hot posts ended with exactly <see cref="Likers"/> like rows and (when a counter consumer exists) like_count.</param>
/// <param name="ServerCpuMs">CPU per like in the server's process (the tool: server and clients), over the timed rounds.</param>
/// <param name="PostgresCpuMs">CPU per like in PostgreSQL, over the timed rounds.</param>
public sealed record LikeFigure(string Path, int Likers, int Rounds, double PerSecond, int Counted, string CountSource, long Failures,
    double ServerCpuMs, double PostgresCpuMs, DrainFigure Drain);

/// <summary>
/// N users like one fresh post at the same moment, round after round on a new post each time. Likes
/// per second = likes / the summed wall time of the rounds. Then the pipeline is drained and every hot
/// post must show exactly N likes.
/// </summary>
public static partial class LikeFigures
{
    public static async Task<LikeFigure> RunAsync(BenchServer server, NpgsqlDataSource db, BenchSettings s, DatasetInfo info)
    {
        var route = LikeRoute(server);
        var tokens = Enumerable.Range(1, s.Likers).Select(n => server.TokenFor(n)).ToList();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = s.Likers, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = server.Address };
        var posts = new List<Guid>();
        var wall = TimeSpan.Zero;
        var (serverCpu, postgresCpu) = (TimeSpan.Zero, TimeSpan.Zero);
        long failures = 0;
        // Round 0 is a warm-up (connections opened, statements prepared): not timed, not counted.
        for (var round = 0; round <= s.LikeRounds; round++)
        {
            var post = await CreatePostAsync(db, PublicAuthor(info));
            if (round > 0) posts.Add(post);
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var likes = Enumerable.Range(1, s.Likers).Select(n => Task.Run(async () =>
            {
                await go.Task;
                return route is not null
                    ? await LikeOverHttpAsync(client, route.Replace("{}", post.ToString()), tokens[n - 1])
                    : await LikeInSqlAsync(db, post, Dataset.UserId(n));
            })).ToList();
            var (server0, postgres0) = (CpuMeter.Self(), CpuMeter.Postgres());
            var start = Stopwatch.GetTimestamp();
            go.SetResult();
            var outcomes = await Task.WhenAll(likes);
            if (round == 0) continue;
            wall += Stopwatch.GetElapsedTime(start);
            (serverCpu, postgresCpu) = (serverCpu + CpuMeter.Self() - server0, postgresCpu + CpuMeter.Postgres() - postgres0);
            failures += outcomes.Count(ok => !ok);
        }
        var drain = await DrainFigure.RunAsync(server, db);
        // A consumer that takes every event (the activity log) keeps no counter.
        var counters = server.Services.GetRequiredService<ConsumerRunner>().Consumers
            .Where(c => c.Handles("post.liked") && !c.Handles("bench.no-such-event")).Select(c => c.Name).ToList();
        var counter = counters.Count > 0;
        await using var conn = await db.OpenConnectionAsync();
        var counted = await conn.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM unnest(@posts) AS hot(id)
             WHERE (SELECT count(*) FROM likes l WHERE l.post_id = hot.id) = @likers
               AND (NOT @counter OR (SELECT like_count FROM post_stats s WHERE s.post_id = hot.id) = @likers)
            """, new { posts = posts.ToArray(), likers = (long)s.Likers, counter });
        return new LikeFigure(route is not null ? $"HTTP PUT {route.Replace("{}", "{id}")}" : "SQL of a like (no like route on this branch)",
            s.Likers, s.LikeRounds, s.Likers * (double)s.LikeRounds / wall.TotalSeconds, counted,
            counter ? $"like rows and post_stats.like_count, kept by {string.Join(", ", counters)}" : "like rows (no like counter consumer on this branch)",
            failures, serverCpu.TotalMilliseconds / (s.Likers * s.LikeRounds), postgresCpu.TotalMilliseconds / (s.Likers * s.LikeRounds), drain);
    }

    /// <summary>The like route's template with its id parameter as "{}", when the posts area maps one.</summary>
    private static string? LikeRoute(BenchServer server) =>
        server.Routes.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("PUT") == true)
            .Select(e => e.RoutePattern.RawText ?? "")
            .Where(t => LikeTemplate().IsMatch(t))
            .Select(t => LikeTemplate().Replace(t, "/api/v1/posts/{}/like"))
            .FirstOrDefault();

    private static async Task<bool> LikeOverHttpAsync(HttpClient client, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    /// <summary>What a like route does: the visibility check, the like row and its event, in one transaction.</summary>
    private static async Task<bool> LikeInSqlAsync(NpgsqlDataSource db, Guid post, Guid user)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var author = await conn.ExecuteScalarAsync<Guid?>("""
            SELECT p.user_id FROM posts p
             WHERE p.id = @post AND p.deleted_at IS NULL AND NOT p.is_archived AND can_view_content(@user, p.user_id)
               AND NOT is_blocked_between(@user, p.user_id)
            """, new { post, user }, tx);
        if (author is null) return false;
        if (await conn.ExecuteAsync("INSERT INTO likes (user_id, post_id) VALUES (@user, @post) ON CONFLICT DO NOTHING", new { user, post }, tx) == 1)
            await Outbox.EnqueueAsync(conn, tx, TimeProvider.System, "post.liked", user,
                new { postId = post, authorId = author, userId = user, entityType = "post", entityId = post }, default);
        await tx.CommitAsync();
        return true;
    }

    /// <summary>A public account in the middle of the range: blocks are only among accounts above 1000, likers are 1..N.</summary>
    internal static long PublicAuthor(DatasetInfo info) => info.Users / 2 % 20 == 7 ? info.Users / 2 + 1 : info.Users / 2;

    private static async Task<Guid> CreatePostAsync(NpgsqlDataSource db, long author)
    {
        var id = Ids.New(TimeProvider.System);
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO posts (id, user_id, caption) VALUES (@id, @author, 'Hot post');
            INSERT INTO post_stats (post_id) VALUES (@id);
            """, new { id, author = Dataset.UserId(author) });
        return id;
    }

    [GeneratedRegex(@"^/api/v1/posts/\{[^}]+\}/like$")]
    private static partial Regex LikeTemplate();
}
