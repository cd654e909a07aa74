using Dapper;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Feed;

/// <summary>Merge on read: a large account's own posts in its followers' pages (<see cref="LargeAccountHost"/>).</summary>
public sealed class FeedLargeAccountTests : LargeAccountHost
{
    [Fact]
    public async Task Posts_of_a_large_account_are_merged_into_followers_pages_in_keyset_order()
    {
        var (large, small, r1, r2, r3) = (await World.UserAsync(), await World.UserAsync(), await World.UserAsync(),
            await World.UserAsync(), await World.UserAsync());
        foreach (var reader in new[] { r1, r2, r3 }) await World.FollowRowAsync(reader, large);
        await World.FollowRowAsync(r1, small);
        var l1 = await PostAsync(large, 60);
        var s1 = await PostAsync(small, 50);
        var l2 = await PostAsync(large, 40);
        var s2 = await PostAsync(small, 30);
        var l3 = await PostAsync(large, 20);
        var own = await PostAsync(r1, 10);

        Assert.Equal(3, await ListedFollowerCountAsync(large));
        Assert.Equal(0, await World.EntriesAsync(r1.Id, large.Id)); // not fanned out
        Assert.Equal(3, await World.EntriesAsync(large.Id, large.Id)); // the author's own entries are
        var expected = new[] { own, l3, s2, l2, s1, l1 };
        Assert.Equal(expected, await World.FeedAsync(r1));
        foreach (var limit in new[] { 1, 2, 4 }) Assert.Equal(expected, await World.FeedAsync(r1, limit));
        Assert.Equal([l3, l2, l1], await World.FeedAsync(r2, limit: 2));
        Assert.Equal([l3, l2, l1], await World.FeedAsync(large));

        var latecomer = await World.UserAsync();
        await World.FollowRowAsync(latecomer, large);
        Assert.Equal([l3, l2, l1], await World.FeedAsync(latecomer));
    }

    [Fact]
    public async Task Merged_posts_obey_mutes_blocks_unfollows_and_deletion_at_read_time()
    {
        var (large, muter, blocked, leaver, reader) = (await World.UserAsync(), await World.UserAsync(), await World.UserAsync(),
            await World.UserAsync(), await World.UserAsync());
        foreach (var r in new[] { muter, blocked, leaver, reader }) await World.FollowRowAsync(r, large);
        var first = await PostAsync(large, 30);
        var second = await PostAsync(large, 20);
        Assert.Equal(3, await ListedFollowerCountAsync(large)); // counting stops at the threshold + 1

        // This host's pipeline is off: these are read-time effects only.
        await World.MuteAsync(muter, large);
        await World.BlockAsync(large, blocked);
        await World.UnfollowAsync(leaver, large);
        await World.DeletePostAsync(large, second);

        Assert.Empty(await World.FeedAsync(muter));
        Assert.Empty(await World.FeedAsync(blocked));
        Assert.Empty(await World.FeedAsync(leaver));
        Assert.Equal([first], await World.FeedAsync(reader));
        Assert.Equal([first], await World.FeedAsync(large));
    }

    [Fact]
    public async Task An_account_that_grows_past_the_threshold_shows_each_post_once()
    {
        var (author, r1, r2, r3) = (await World.UserAsync(), await World.UserAsync(), await World.UserAsync(), await World.UserAsync());
        await World.FollowRowAsync(r1, author);
        await World.FollowRowAsync(r2, author);
        var fannedOut = await PostAsync(author, 30);
        Assert.Equal(1, await World.EntriesAsync(r1.Id, author.Id));

        await World.FollowRowAsync(r3, author);
        var merged = await PostAsync(author, 20);

        Assert.Equal(3, await ListedFollowerCountAsync(author));
        Assert.Equal(1, await World.EntriesAsync(r1.Id, author.Id));
        Assert.Equal([merged, fannedOut], await World.FeedAsync(r1));
        Assert.Equal([merged, fannedOut], await World.FeedAsync(r1, limit: 1));
        Assert.Equal([merged, fannedOut], await World.FeedAsync(r3));
    }

    private static async Task<long?> ListedFollowerCountAsync(TestUser author)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long?>("SELECT follower_count FROM feed_large_authors WHERE user_id = @id", new { id = author.Id });
    }
}
