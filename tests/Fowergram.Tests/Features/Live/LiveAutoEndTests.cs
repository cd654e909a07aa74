using System.Net;
using Fowergram.Features.Live;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// Heartbeats and the live-auto-end job, on a database of its own: the job acts on every live broadcast, and its clock
/// is moved minutes and hours ahead, which on the shared database would end the broadcasts of tests running in parallel.
/// </summary>
public sealed class LiveAutoEndTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private readonly LiveClient _live = new(scratch.App);
    private TestClock Clock => scratch.App.Clock;
    private LiveOptions Options => scratch.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LiveOptions>>().Value;

    private static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10); // PostgreSQL keeps microseconds

    private IScheduledJob Job => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "live-auto-end");
    private Task RunJobAsync() => Job.RunAsync(Clock.GetUtcNow(), CancellationToken.None);

    private Task<HttpResponseMessage> HeartbeatAsync(Guid streamId, TestUser? user) => _live.PostAsync($"/api/v1/live/{streamId}/heartbeat", user);

    [Fact]
    public void Job_runs_every_minute_in_both_hosts_with_a_two_minute_timeout_and_a_four_hour_limit()
    {
        Assert.IsType<LiveAutoEndJob>(Job);
        Assert.Equal("0 * * * * *", Job.Schedule);
        Assert.Equal(TimeSpan.FromMinutes(1), Job.Interval);
        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromHours(4)), (Options.HeartbeatTimeout, Options.MaxDuration));
    }

    [Fact]
    public async Task A_broadcast_that_falls_silent_is_ended_with_its_viewers_and_one_that_keeps_beating_stays_live()
    {
        var silent = await _live.NewUserAsync();
        var beating = await _live.NewUserAsync();
        var viewer = await _live.NewUserAsync();
        var silentId = await _live.LiveStreamIdAsync(silent);
        var beatingId = await _live.LiveStreamIdAsync(beating);
        Assert.Equal(HttpStatusCode.NoContent, (await _live.PostAsync($"/api/v1/live/{silentId}/join", viewer)).StatusCode);

        Clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(HttpStatusCode.NoContent, (await HeartbeatAsync(beatingId, beating)).StatusCode);
        await RunJobAsync();
        Assert.Equal(("live", "live"), (await _live.StatusAsync(silentId), await _live.StatusAsync(beatingId))); // 90 s: within the timeout

        Clock.Advance(TimeSpan.FromSeconds(60));
        await RunJobAsync();

        Assert.Equal(("ended", "live"), (await _live.StatusAsync(silentId), await _live.StatusAsync(beatingId)));
        Assert.Equal((0L, 1L), ((await _live.StatsAsync(silentId)).Viewers, (await _live.StatsAsync(silentId)).Peak));
        var (endedAt, watched) = (await _live.Posts.QueryAsync<(DateTimeOffset, int)>("""
            SELECT ls.ended_at, v.watch_duration FROM live_streams ls JOIN live_stream_viewers v ON v.stream_id = ls.id WHERE ls.id = @silentId
            """, new { silentId })).Single();
        Assert.Equal(Clock.GetUtcNow(), endedAt, Microsecond);
        Assert.Equal(150, watched);
        // Nobody chose to end it: the event has no actor.
        Assert.Equal(1, await _live.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'live_stream.ended' AND actor_id IS NULL AND payload->>'streamId' = @id",
            new { id = silentId.ToString("D") }));
    }

    [Fact]
    public async Task The_rows_an_end_leaves_open_are_closed_by_the_job_in_batches_as_of_the_end()
    {
        var broadcaster = await _live.NewUserAsync();
        var (stayed, rejoined) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        var id = await _live.LiveStreamIdAsync(broadcaster);
        Assert.Equal(HttpStatusCode.NoContent, (await _live.PostAsync($"/api/v1/live/{id}/join", stayed)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _live.PostAsync($"/api/v1/live/{id}/join", rejoined)).StatusCode);
        // More than a batch of viewers besides, joined as a join does it (a row and one more in the count).
        var many = LiveAudience.CloseBatch + 7;
        await _live.Posts.ExecuteAsync("""
            WITH viewers AS (
                INSERT INTO users (id, email, username, hashed_password)
                SELECT gen_random_uuid(), 'crowd' || n || '@' || @tag || '.example', 'crowd_' || n || '_' || @tag, 'x' FROM generate_series(1, @many) n
                RETURNING id)
            INSERT INTO live_stream_viewers (stream_id, user_id, joined_at) SELECT @id, v.id, @now FROM viewers v;
            UPDATE live_stream_stats SET viewer_count = viewer_count + @many, max_viewer_count = max_viewer_count + @many WHERE stream_id = @id;
            """, new { id, many, now = Clock.GetUtcNow(), tag = id.ToString("N")[..12] });
        Clock.Advance(TimeSpan.FromSeconds(20));
        await _live.PostAsync($"/api/v1/live/{id}/leave", rejoined);
        Clock.Advance(TimeSpan.FromSeconds(5));
        await _live.PostAsync($"/api/v1/live/{id}/join", rejoined);
        Clock.Advance(TimeSpan.FromSeconds(10));
        var endedAt = Clock.GetUtcNow();
        await (await _live.PostAsync($"/api/v1/live/{id}/end", broadcaster)).ReadJsonAsync();
        Assert.Equal(many + 2L, await OpenViewerRowsAsync(id));

        Clock.Advance(TimeSpan.FromMinutes(10)); // the job runs later; the rows close as of the end all the same
        await Task.WhenAll(RunJobAsync(), RunJobAsync());

        Assert.Equal(0L, await OpenViewerRowsAsync(id));
        var closed = (await _live.Posts.QueryAsync<(DateTimeOffset LeftAt, int Watched, long Rows)>("""
            SELECT left_at, watch_duration, count(*) FROM live_stream_viewers WHERE stream_id = @id GROUP BY left_at, watch_duration ORDER BY 3
            """, new { id })).ToList();
        Assert.Equal(2, closed.Count);
        Assert.All(closed, c => Assert.Equal(endedAt, c.LeftAt, Microsecond));
        Assert.Equal([(30, 1L), (35, many + 1L)], closed.Select(c => (c.Watched, c.Rows)));
        Assert.Equal((0L, many + 2L), ((await _live.StatsAsync(id)).Viewers, (await _live.StatsAsync(id)).Peak));
        // Each transaction closed a batch at most (xmin: the transaction that last wrote the row).
        var perTransaction = (await _live.Posts.QueryAsync<long>(
            "SELECT count(*) FROM live_stream_viewers WHERE stream_id = @id AND user_id <> ALL(@joined) GROUP BY xmin::text", new { id, joined = new[] { stayed.Id, rejoined.Id } })).ToList();
        Assert.True(perTransaction.Count >= 2 && perTransaction.Max() <= LiveAudience.CloseBatch, string.Join(", ", perTransaction));
        Assert.False(await _live.Posts.ScalarAsync<bool>("SELECT viewers_to_close FROM live_streams WHERE id = @id", new { id }));
    }

    private Task<long> OpenViewerRowsAsync(Guid id) =>
        _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_viewers WHERE stream_id = @id AND left_at IS NULL", new { id });

    [Fact]
    public async Task A_heartbeat_after_the_auto_end_is_a_409_and_the_broadcaster_may_go_live_again()
    {
        var broadcaster = await _live.NewUserAsync();
        var streamId = await _live.LiveStreamIdAsync(broadcaster);

        Clock.Advance(TimeSpan.FromMinutes(3));
        await RunJobAsync();

        var late = await HeartbeatAsync(streamId, broadcaster);
        await late.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("'ended'", await late.Content.ReadAsStringAsync());
        await _live.LiveStreamIdAsync(broadcaster); // the one-live-broadcast rule no longer stands in the way
    }

    [Fact]
    public async Task A_broadcast_is_ended_after_the_longest_a_broadcast_may_run_even_with_heartbeats()
    {
        var broadcaster = await _live.NewUserAsync();
        var streamId = await _live.LiveStreamIdAsync(broadcaster);

        for (var minute = 0; minute < 4 * 60 - 1; minute += 1)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            broadcaster = _live.Posts.Media.WithFreshToken(broadcaster); // access tokens live minutes, the broadcast hours
            Assert.Equal(HttpStatusCode.NoContent, (await HeartbeatAsync(streamId, broadcaster)).StatusCode);
        }
        await RunJobAsync();
        Assert.Equal("live", await _live.StatusAsync(streamId));

        Clock.Advance(TimeSpan.FromMinutes(1));
        await RunJobAsync();
        Assert.Equal("ended", await _live.StatusAsync(streamId));
    }

    [Fact]
    public async Task Heartbeats_are_the_broadcasters_own_and_only_while_live()
    {
        var broadcaster = await _live.NewUserAsync();
        var other = await _live.NewUserAsync();
        var scheduled = await _live.StreamIdAsync(broadcaster);

        await (await HeartbeatAsync(scheduled, broadcaster)).AssertProblemAsync(HttpStatusCode.Conflict);
        await _live.PostAsync($"/api/v1/live/{scheduled}/start", broadcaster);
        await (await HeartbeatAsync(scheduled, other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await HeartbeatAsync(Guid.NewGuid(), broadcaster)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _live.PostAsync("/api/v1/live/not-an-id/heartbeat", broadcaster)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await HeartbeatAsync(scheduled, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // Someone else's heartbeat moved nothing: the broadcast still falls silent on time.
        var started = await _live.Posts.ScalarAsync<DateTimeOffset>("SELECT last_heartbeat_at FROM live_streams WHERE id = @scheduled", new { scheduled });
        Assert.Equal(Clock.GetUtcNow(), started, Microsecond);
        Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await RunJobAsync();
        Assert.Equal("ended", await _live.StatusAsync(scheduled));
    }

    [Fact]
    public async Task Heartbeats_racing_the_job_either_save_the_broadcast_or_are_told_it_ended()
    {
        for (var round = 0; round < 10; round++)
        {
            var broadcaster = await _live.NewUserAsync();
            var streamId = await _live.LiveStreamIdAsync(broadcaster);
            Clock.Advance(TimeSpan.FromMinutes(3));

            var beats = Enumerable.Range(0, 5).Select(_ => HeartbeatAsync(streamId, broadcaster)).ToList();
            await Task.WhenAll(beats.Cast<Task>().Append(RunJobAsync()));

            // A 204 means the broadcast is still on: a heartbeat the end overtook must say so, not answer 204.
            var saved = beats.Any(b => b.Result.StatusCode == HttpStatusCode.NoContent);
            Assert.Equal(saved ? "live" : "ended", await _live.StatusAsync(streamId));
            Assert.All(beats.Where(b => b.Result.StatusCode != HttpStatusCode.NoContent), b => Assert.Equal(HttpStatusCode.Conflict, b.Result.StatusCode));
            if (saved) await _live.PostAsync($"/api/v1/live/{streamId}/end", broadcaster);
        }
    }

    [Fact]
    public async Task Runs_at_once_end_each_broadcast_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await _live.LiveStreamIdAsync(await _live.NewUserAsync()));
        Clock.Advance(TimeSpan.FromMinutes(5));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunJobAsync()));

        foreach (var id in ids) Assert.Equal("ended", await _live.StatusAsync(id));
        Assert.Equal(5, await _live.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'live_stream.ended' AND payload->>'streamId' = ANY(@keys)",
            new { keys = ids.Select(id => id.ToString("D")).ToArray() }));
    }
}
