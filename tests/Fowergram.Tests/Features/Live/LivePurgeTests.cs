using Fowergram.Platform.Purge;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Live;

/// <summary>The account-purge step: a purged broadcaster's broadcasts stop; a purged viewer leaves, so counts stay exact.</summary>
[Collection(ApiCollection.Name)]
public sealed class LivePurgeTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    /// <summary>The step run twice, each time in its own transaction, as the purge job runs it: what each run did.</summary>
    private async Task<List<int>> PurgeTwiceAsync(TestUser purged)
    {
        var step = app.Services.GetServices<IAccountPurgeStep>().Single(s => s.Name == "live");
        var done = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            await using var conn = await _live.Posts.Db.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            done.Add(await step.PurgeAsync(conn, tx, purged.Id, 100, app.Clock.GetUtcNow(), CancellationToken.None));
            await tx.CommitAsync();
        }
        return done;
    }

    [Theory]
    [InlineData("guests", "SELECT count(*) FROM live_stream_guests WHERE user_id = @id")]
    [InlineData("removed-viewers", "SELECT count(*) FROM live_stream_removals WHERE user_id = @id")]
    [InlineData("muted-commenters", "SELECT count(*) FROM live_comment_mutes WHERE user_id = @id")]
    public async Task Naming_an_account_while_it_is_purged_is_a_404_not_a_500(string list, string rows)
    {
        // The lookup saw the account, its purge committed, then the insert's foreign key failed: a 500 before the fix.
        var (broadcaster, viewer) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(broadcaster);
        await using var purger = await _live.Posts.Db.OpenConnectionAsync();
        await using var purge = await purger.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(purger, "DELETE FROM users WHERE id = @id", new { id = viewer.Id }, purge);

        var naming = _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/{list}/{viewer.Username}", broadcaster);
        await TransactionRace.WaitUntilBlockedByAsync(_live.Posts.Db, purger.ProcessID, naming);
        await purge.CommitAsync();

        await (await naming).AssertProblemAsync(System.Net.HttpStatusCode.NotFound);
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>(rows, new { id = viewer.Id }));
    }

    [Fact]
    public async Task Purging_ends_the_live_broadcast_cancels_the_scheduled_and_leaves_others_streams()
    {
        var purged = await _live.NewUserAsync();
        var viewer = await _live.NewUserAsync();
        var other = await _live.NewUserAsync();
        var scheduled = await _live.StreamIdAsync(purged, "later");
        var live = await _live.LiveStreamIdAsync(purged, "now");
        var othersLive = await _live.LiveStreamIdAsync(other, "theirs");
        await _live.PostAsync($"/api/v1/live/{live}/join", viewer);
        await _live.PostAsync($"/api/v1/live/{othersLive}/join", viewer);
        await _live.PostAsync($"/api/v1/live/{othersLive}/join", purged);
        Assert.Equal((2L, 2L, 0L), await _live.StatsAsync(othersLive));

        var done = await PurgeTwiceAsync(purged);

        Assert.Equal([3, 0], done); // the second run finds nothing left
        Assert.Equal("ended", await _live.StatusAsync(live));
        Assert.Equal("cancelled", await _live.StatusAsync(scheduled));
        Assert.Equal((0L, 1L, 0L), await _live.StatsAsync(live));
        Assert.Equal((1L, 2L, 0L), await _live.StatsAsync(othersLive));
        Assert.Equal(1L, await _live.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'live_stream.ended' AND payload->>'streamId' = @id AND actor_id IS NULL", new { id = live.ToString() }));
        Assert.Equal("live", await _live.StatusAsync(othersLive));
    }

    /// <summary>
    /// The purged account's comment pinned on someone else's broadcast is unpinned by the step, under the stream's row lock,
    /// before the final DELETE: the cascade would otherwise lock the comment before the stream (pinned_comment_id ON DELETE SET
    /// NULL), the reverse of the order an approve, pin or delete takes them in.
    /// </summary>
    [Fact]
    public async Task Purging_unpins_the_accounts_comment_pinned_on_others_broadcasts()
    {
        var (purged, owner) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(owner, "pinned");
        var comment = await _live.CommentAsync(stream, purged, "pin me");
        var kept = await _live.CommentAsync(stream, owner, "mine");
        var pinned = await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/comments/{comment}/pin", owner);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, pinned.StatusCode);
        var otherOwner = await _live.NewUserAsync();
        var other = await _live.LiveStreamIdAsync(otherOwner, "not pinned by the purged");
        var othersComment = await _live.CommentAsync(other, owner, "theirs");
        var pinnedThere = await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{other}/comments/{othersComment}/pin", otherOwner);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, pinnedThere.StatusCode);

        var done = await PurgeTwiceAsync(purged);

        Assert.Equal([1, 0], done);
        Assert.Null(await _live.Posts.ScalarAsync<Guid?>("SELECT pinned_comment_id FROM live_streams WHERE id = @stream", new { stream }));
        Assert.True(await _live.Posts.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM live_comments WHERE id = @comment)", new { comment }));
        Assert.True(await _live.Posts.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM live_comments WHERE id = @kept)", new { kept }));
        Assert.Equal(othersComment, await _live.Posts.ScalarAsync<Guid?>("SELECT pinned_comment_id FROM live_streams WHERE id = @other", new { other }));
    }
}
