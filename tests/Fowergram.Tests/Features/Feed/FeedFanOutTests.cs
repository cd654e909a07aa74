using System.Text.Json;
using Dapper;
using Fowergram.Features.Feed;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Feed;

[Collection(ApiCollection.Name)]
public sealed class FeedFanOutTests(FowergramApp app)
{
    private readonly FeedWorld _world = new(app);

    [Fact]
    public async Task A_post_is_fanned_out_once_to_its_author_and_every_follower_even_when_delivered_twice()
    {
        var author = await _world.UserAsync();
        var followers = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            followers.Add(await _world.UserAsync());
            await _world.FollowAsync(followers[^1], author);
        }
        var post = await _world.PostAsync(author);
        await _world.DrainAsync();
        Assert.Equal(5, await EntriesOfAsync(post));

        var duplicate = Envelope(FeedEvents.PostCreated, author.Id, new { postId = post, authorId = author.Id });
        Assert.Equal(ConsumeOutcome.Applied, await RunAsync(FeedFanOutConsumer.ConsumerName, duplicate)); // same post, new message id
        Assert.Equal(ConsumeOutcome.AlreadyProcessed, await RunAsync(FeedFanOutConsumer.ConsumerName, duplicate));

        Assert.Equal(5, await EntriesOfAsync(post));
        foreach (var follower in followers) Assert.Equal([post], await _world.FeedAsync(follower));
    }

    [Fact]
    public async Task A_stale_unfollow_event_after_a_refollow_leaves_the_feed_alone()
    {
        var (me, friend) = (await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, friend);
        var post = await _world.PostAsync(friend);
        await _world.DrainAsync();

        var stale = Envelope(FeedEvents.FollowDeleted, me.Id, new { followerId = me.Id, followingId = friend.Id, wasCounted = true, reason = "unfollow" });
        await RunAsync(FeedGraphConsumer.ConsumerName, stale);

        Assert.Equal(1, await _world.EntriesAsync(me.Id, friend.Id));
        Assert.Equal([post], await _world.FeedAsync(me));
    }

    [Fact]
    public async Task A_post_event_without_a_post_id_is_refused_and_changes_nothing()
    {
        var author = await _world.UserAsync();
        var envelope = Envelope(FeedEvents.PostCreated, author.Id, new { authorId = author.Id });

        await Assert.ThrowsAsync<JsonException>(() => RunAsync(FeedFanOutConsumer.ConsumerName, envelope));
        Assert.Equal(0, await _world.EntriesAsync(author.Id));
    }

    [Fact]
    public async Task Posts_older_than_the_retention_window_are_pulled_and_old_entries_are_pruned()
    {
        var (me, friend) = (await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, friend);
        var ancient = await _world.PostRowAsync(friend, TimeSpan.FromDays(40));
        var old = await _world.PostRowAsync(friend, TimeSpan.FromDays(35));
        var mineOld = await _world.PostRowAsync(me, TimeSpan.FromDays(33));
        var recent = await _world.PostAsync(friend);
        await _world.DrainAsync();
        Assert.Equal(1, await _world.EntriesAsync(me.Id, friend.Id)); // only the recent one was fanned out
        var db = await TestDatabase.GetAsync();
        await using (var conn = await db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
                SELECT @me, created_at, id, user_id FROM posts WHERE id = @ancient
                """, new { me = me.Id, ancient }); // as if fanned out 40 days ago

        Assert.Equal([recent, mineOld, old, ancient], await _world.FeedAsync(me, limit: 1));
        Assert.Equal([recent, mineOld, old, ancient], await _world.FeedAsync(me, limit: 3));

        var job = app.Services.GetServices<IScheduledJob>().Single(j => j.Name == FeedRetentionJob.JobName);
        await job.RunAsync(_world.Now, default);
        await job.RunAsync(_world.Now, default);

        Assert.Equal(1, await _world.EntriesAsync(me.Id));
        Assert.Equal([recent, mineOld, old, ancient], await _world.FeedAsync(me, limit: 2));
    }

    private static async Task<long> EntriesOfAsync(Guid post)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE post_id = @post", new { post });
    }

    private Task<ConsumeOutcome> RunAsync(string consumer, EventEnvelope envelope) =>
        app.Services.GetRequiredService<ConsumerRunner>().RunAsync(consumer, envelope, default);

    internal static EventEnvelope Envelope(string type, Guid actor, object payload) =>
        new(Guid.CreateVersion7(), type, actor, JsonSerializer.SerializeToElement(payload, ApiJson.Options), DateTimeOffset.UtcNow);
}
