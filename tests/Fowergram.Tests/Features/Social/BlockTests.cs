using System.Net;
using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Content;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

[Collection(ApiCollection.Name)]
public sealed class BlockTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    [Fact]
    public async Task A_block_ends_follows_requests_and_close_friends_both_ways_and_the_counts_follow()
    {
        var (me, them, other) = (await _w.UserAsync(isPrivate: true), await _w.UserAsync(isPrivate: true), await _w.UserAsync());
        await _w.FollowApprovedAsync(me, them);
        await _w.FollowApprovedAsync(them, me);
        await _w.AddCloseFriendAsync(me, them);
        await _w.AddCloseFriendAsync(them, me);
        await _w.FollowApprovedAsync(other, me);
        await _w.DrainAsync();
        Assert.Equal((2L, 1L), await SocialWorld.CountsAsync(me));

        await _w.BlockAsync(me, them);
        await _w.DrainAsync();

        Assert.False(await SocialWorld.FollowsAsync(me, them));
        Assert.False(await SocialWorld.FollowsAsync(them, me));
        Assert.Equal(0, await SocialWorld.ScalarAsync<long>(
            "SELECT count(*) FROM close_friends WHERE (user_id = @a AND friend_id = @b) OR (user_id = @b AND friend_id = @a)",
            new { a = me.Id, b = them.Id }));
        Assert.Equal((1L, 0L), await SocialWorld.CountsAsync(me));
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(them));
        Assert.Equal(1, await SocialWorld.EventsAsync("follow.deleted", me));
        Assert.Equal(1, await SocialWorld.EventsAsync("follow.deleted", them));
        Assert.Equal(1, await SocialWorld.EventsAsync("block.created", me));
    }

    [Fact]
    public async Task A_block_removes_pending_requests_both_ways()
    {
        var (me, them) = (await _w.UserAsync(isPrivate: true), await _w.UserAsync(isPrivate: true));
        await _w.FollowAsync(me, them);
        await _w.FollowAsync(them, me);

        await _w.BlockAsync(them, me);

        Assert.False(await SocialWorld.RequestedAsync(me, them));
        Assert.False(await SocialWorld.RequestedAsync(them, me));
        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/follow-requests", me));
    }

    [Fact]
    public async Task Blocked_and_blocker_do_not_exist_for_each_other()
    {
        var (blocker, blocked) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.BlockAsync(blocker, blocked);

        foreach (var (viewer, target) in new[] { (blocked, blocker), (blocker, blocked) })
        {
            await (await _w.GetAsync($"/api/v1/users/{target.Username}", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _w.GetAsync($"/api/v1/users/{target.Username}/followers", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _w.GetAsync($"/api/v1/users/{target.Username}/following", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/{target.Username}/follow", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/{target.Username}/mute", viewer, new { posts = true }))
                .AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/me/close-friends/{target.Username}", viewer))
                .AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain(target.Id, await _w.IdsAsync($"/api/v1/users/search?q={target.Username}", viewer));
        }
        Assert.False(await SocialWorld.FollowsAsync(blocked, blocker));
        Assert.False(await SocialWorld.RequestedAsync(blocked, blocker));
        // Everyone else still sees both.
        await (await _w.GetAsync($"/api/v1/users/{blocker.Username}", null)).ReadJsonAsync();
    }

    [Fact]
    public async Task The_blocked_user_cannot_block_back_but_the_blocker_can_unblock()
    {
        var (blocker, blocked) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.BlockAsync(blocker, blocked);

        await (await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/{blocker.Username}/block", blocked)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/{blocker.Username}/block", blocked)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([blocked.Id], await _w.IdsAsync("/api/v1/users/me/blocked", blocker));
        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/blocked", blocked));

        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/{blocked.Username}/block", blocker), HttpStatusCode.NoContent);
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/{blocked.Username}/block", blocker), HttpStatusCode.NoContent);

        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/blocked", blocker));
        Assert.Equal(1, await SocialWorld.EventsAsync("block.deleted", blocker));
        await (await _w.GetAsync($"/api/v1/users/{blocker.Username}", blocked)).ReadJsonAsync();
        Assert.Equal("following", await _w.FollowAsync(blocked, blocker));
    }

    [Fact]
    public async Task Blocking_twice_is_idempotent_and_unblocking_restores_nothing()
    {
        var (me, them) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(them, me);
        await _w.BlockAsync(me, them);
        await _w.BlockAsync(me, them);
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/{them.Username}/block", me), HttpStatusCode.NoContent);
        await _w.DrainAsync();

        Assert.Equal(1, await SocialWorld.EventsAsync("block.created", me));
        Assert.False(await SocialWorld.FollowsAsync(them, me));
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(me));
    }

    [Fact]
    public async Task Mutual_blocks_need_both_lifted()
    {
        var (a, b) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.BlockAsync(a, b);
        await SocialWorld.ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@b, @a)", new { a = a.Id, b = b.Id });

        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/{b.Username}/block", a), HttpStatusCode.NoContent);

        await (await _w.GetAsync($"/api/v1/users/{b.Username}", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/{a.Username}/block", b), HttpStatusCode.NoContent);
        await (await _w.GetAsync($"/api/v1/users/{b.Username}", a)).ReadJsonAsync();
    }

    /// <summary>
    /// Each looked the other up before either block was committed; the second to take the pair's lock must then find that
    /// it is blocked and, as a blocked account may not block back, be refused (before: 204 and a second block row).
    /// </summary>
    [Fact]
    public async Task Two_accounts_blocking_each_other_at_once_leave_one_block()
    {
        var (first, second) = (await _w.UserAsync(), await _w.UserAsync());
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            // The first block as its transaction holds it: the pair's lock taken, the row written, not yet committed.
            await PairLock.TakeAsync(conn, tx, first.Id, second.Id, CancellationToken.None);
            await conn.ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@a, @b)", new { a = first.Id, b = second.Id }, tx);
            var blockBack = _w.SendAsync(HttpMethod.Put, $"/api/v1/users/{first.Username}/block", second);
            await TransactionRace.WaitUntilBlockedByAsync(db, conn.ProcessID, blockBack);
            await tx.CommitAsync();
            await (await blockBack).AssertProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(0L, await SocialWorld.ScalarAsync<long>("SELECT count(*) FROM blocks WHERE blocker_id = @b AND blocked_id = @a",
            new { a = first.Id, b = second.Id }));
        Assert.Equal(0, await SocialWorld.EventsAsync("block.created", second));
    }
}
