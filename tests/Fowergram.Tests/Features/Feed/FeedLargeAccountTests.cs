using Dapper;
using Fowergram.Features.Feed;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Feed;

/// <summary>
/// Merge on read, with a fan-out threshold of 2 followers. The host runs no background pipeline (its
/// threshold must not apply to other tests' events), so post fan-out is run here through its own
/// <see cref="ConsumerRunner"/>; follows are plain rows (large accounts need no backfill anyway).
/// </summary>
public sealed class FeedLargeAccountTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock(b => b.Configuration["Feed:FanOutMaxFollowers"] = "2");
    private FeedWorld _world = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _world = new FeedWorld(_app);
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Posts_of_a_large_account_are_merged_into_followers_pages_in_keyset_order()
    {
        var (large, small, r1, r2, r3) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync(),
            await _world.UserAsync(), await _world.UserAsync());
        foreach (var reader in new[] { r1, r2, r3 }) await _world.FollowRowAsync(reader, large);
        await _world.FollowRowAsync(r1, small);
        var l1 = await PostAsync(large, 60);
        var s1 = await PostAsync(small, 50);
        var l2 = await PostAsync(large, 40);
        var s2 = await PostAsync(small, 30);
        var l3 = await PostAsync(large, 20);
        var own = await PostAsync(r1, 10);

        Assert.Equal(3, await ListedFollowerCountAsync(large));
        Assert.Equal(0, await _world.EntriesAsync(r1.Id, large.Id)); // not fanned out
        Assert.Equal(3, await _world.EntriesAsync(large.Id, large.Id)); // the author's own entries are
        var expected = new[] { own, l3, s2, l2, s1, l1 };
        Assert.Equal(expected, await _world.FeedAsync(r1));
        foreach (var limit in new[] { 1, 2, 4 }) Assert.Equal(expected, await _world.FeedAsync(r1, limit));
        Assert.Equal([l3, l2, l1], await _world.FeedAsync(r2, limit: 2));
        Assert.Equal([l3, l2, l1], await _world.FeedAsync(large));

        var latecomer = await _world.UserAsync();
        await _world.FollowRowAsync(latecomer, large);
        Assert.Equal([l3, l2, l1], await _world.FeedAsync(latecomer));
    }

    [Fact]
    public async Task Merged_posts_obey_mutes_blocks_unfollows_and_deletion_at_read_time()
    {
        var (large, muter, blocked, leaver, reader) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync(),
            await _world.UserAsync(), await _world.UserAsync());
        foreach (var r in new[] { muter, blocked, leaver, reader }) await _world.FollowRowAsync(r, large);
        var first = await PostAsync(large, 30);
        var second = await PostAsync(large, 20);
        Assert.Equal(3, await ListedFollowerCountAsync(large)); // counting stops at the threshold + 1

        // This host's pipeline is off: these are read-time effects only.
        await _world.MuteAsync(muter, large);
        await _world.BlockAsync(large, blocked);
        await _world.UnfollowAsync(leaver, large);
        await _world.DeletePostAsync(large, second);

        Assert.Empty(await _world.FeedAsync(muter));
        Assert.Empty(await _world.FeedAsync(blocked));
        Assert.Empty(await _world.FeedAsync(leaver));
        Assert.Equal([first], await _world.FeedAsync(reader));
        Assert.Equal([first], await _world.FeedAsync(large));
    }

    [Fact]
    public async Task An_account_that_grows_past_the_threshold_shows_each_post_once()
    {
        var (author, r1, r2, r3) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowRowAsync(r1, author);
        await _world.FollowRowAsync(r2, author);
        var fannedOut = await PostAsync(author, 30);
        Assert.Equal(1, await _world.EntriesAsync(r1.Id, author.Id));

        await _world.FollowRowAsync(r3, author);
        var merged = await PostAsync(author, 20);

        Assert.Equal(3, await ListedFollowerCountAsync(author));
        Assert.Equal(1, await _world.EntriesAsync(r1.Id, author.Id));
        Assert.Equal([merged, fannedOut], await _world.FeedAsync(r1));
        Assert.Equal([merged, fannedOut], await _world.FeedAsync(r1, limit: 1));
        Assert.Equal([merged, fannedOut], await _world.FeedAsync(r3));
    }

    /// <summary>A post created <paramref name="minutesAgo"/>, fanned out by this host's consumer (threshold 2).</summary>
    private async Task<Guid> PostAsync(TestUser author, int minutesAgo)
    {
        var post = await _world.PostRowAsync(author, TimeSpan.FromMinutes(minutesAgo), raise: false);
        var envelope = FeedFanOutTests.Envelope(FeedEvents.PostCreated, author.Id, new { postId = post, authorId = author.Id });
        Assert.Equal(ConsumeOutcome.Applied,
            await _app.Services.GetRequiredService<ConsumerRunner>().RunAsync(FeedFanOutConsumer.ConsumerName, envelope, default));
        return post;
    }

    private static async Task<long?> ListedFollowerCountAsync(TestUser author)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long?>("SELECT follower_count FROM feed_large_authors WHERE user_id = @id", new { id = author.Id });
    }
}
