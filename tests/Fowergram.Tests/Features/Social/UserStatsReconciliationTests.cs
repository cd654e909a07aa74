using System.Text.Json;
using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Data;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// user-stats-reconciliation: drift is fixed, follow changes still in flight are not drift, and a sweep
/// walks every user. On the shared database it is run for the test's own users only.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UserStatsReconciliationTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    private UserStatsReconciliationJob Job => app.Services.GetRequiredService<UserStatsReconciliationJob>();

    private Task<int> ReconcileAsync(params SocialUser[] users) => Job.ReconcileAsync(app.Clock.GetUtcNow(), users.Select(u => u.Id).ToList(), default);

    private static Task<long> PostCountAsync(SocialUser user) =>
        SocialWorld.ScalarAsync<long>("SELECT coalesce(max(post_count), 0) FROM user_stats WHERE user_id = @Id", new { user.Id });

    /// <summary>The state right after an unfollow committed and before social-counters applied its event.</summary>
    /// Written as already published, so no relay delivers it: the test hands it to social-counters itself.
    private static async Task<EventEnvelope> UnfollowInFlightAsync(SocialUser who, SocialUser whom, DateTimeOffset occurredAt)
    {
        await SocialWorld.ExecuteAsync("DELETE FROM follows WHERE follower_id = @a AND following_id = @b", new { a = who.Id, b = whom.Id });
        var (id, payload) = (Guid.CreateVersion7(), JsonSerializer.Serialize(new FollowDeletedPayload(who.Id, whom.Id, true, "unfollow"), ApiJson.Options));
        await SocialWorld.ExecuteAsync("""
            INSERT INTO outbox (id, type, actor_id, payload, occurred_at, published_at)
            VALUES (@id, 'follow.deleted', @actor, @payload::jsonb, @occurredAt, @occurredAt)
            """, new { id, actor = who.Id, payload, occurredAt });
        return new EventEnvelope(id, SocialEvents.FollowDeleted, who.Id, JsonDocument.Parse(payload).RootElement.Clone(), occurredAt);
    }

    [Fact]
    public async Task Drifted_follower_following_and_post_counts_are_fixed_once()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(fan, star);
        await _w.DrainAsync();
        await SocialWorld.ExecuteAsync("UPDATE user_stats SET follower_count = 7, post_count = 3 WHERE user_id = @Id", new { star.Id });
        await SocialWorld.ExecuteAsync("UPDATE user_stats SET following_count = 0 WHERE user_id = @Id", new { fan.Id });

        Assert.Equal(2, await ReconcileAsync(fan, star));

        Assert.Equal((1L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal(0L, await PostCountAsync(star));
        Assert.Equal((0L, 1L), await SocialWorld.CountsAsync(fan));
        Assert.Equal(0, await ReconcileAsync(fan, star));
    }

    [Fact]
    public async Task Unfollows_whose_events_are_in_flight_are_not_drift_and_settle_to_the_rows()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(fan, star);
        await _w.DrainAsync();
        var unfollow = await UnfollowInFlightAsync(fan, star, app.Clock.GetUtcNow());

        Assert.Equal(0, await ReconcileAsync(fan, star));
        Assert.Equal((1L, 0L), await SocialWorld.CountsAsync(star)); // the consumer will take it away

        await app.Services.GetRequiredService<ConsumerRunner>().RunAsync(SocialCountersConsumer.ConsumerName, unfollow, default);
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(fan));
        Assert.Equal(0, await ReconcileAsync(fan, star));
    }

    [Fact]
    public async Task An_unfollow_event_never_applied_within_the_window_counts_as_lost()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(fan, star);
        await _w.DrainAsync();
        // Committed long ago and still not applied: dead-lettered, so the counter will never move by itself.
        await UnfollowInFlightAsync(fan, star, app.Clock.GetUtcNow() - UserStatsReconciliationJob.InFlightWindow - TimeSpan.FromMinutes(1));

        Assert.Equal(2, await ReconcileAsync(fan, star));
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(fan));
    }

    [Fact]
    public async Task A_sweep_walks_every_user_in_batches()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource).MigrateAsync();
        await using (var conn = await scratch.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO users (id, email, username, hashed_password)
                SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'u' || i || '@example.com', 'u' || i, 'x'
                FROM generate_series(1, 1201) i;
                INSERT INTO user_stats (user_id, follower_count) SELECT id, 1 FROM users;
                """);
        var job = new UserStatsReconciliationJob(scratch.DataSource, NullLogger<UserStatsReconciliationJob>.Instance);

        Assert.Equal(1201, await Task.Run(() => job.ReconcileAsync(DateTimeOffset.UtcNow, null, default)));
        await job.RunAsync(DateTimeOffset.UtcNow, default);

        await using var check = await scratch.DataSource.OpenConnectionAsync();
        Assert.Equal(0L, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM user_stats WHERE follower_count <> 0"));
    }
}
