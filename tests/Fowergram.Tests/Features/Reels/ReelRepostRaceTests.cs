using System.Net;
using Dapper;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// A repost and the reel's deletion or purge, committed while the repost is under way. The repost read the reel without a
/// lock or a deleted filter: a soft delete committed in between still got a repost row (of a deleted reel, 204), a purge
/// failed the insert's foreign key or the read itself (a 500). The repost now takes the reel with a share lock, live only:
/// a deletion in flight is waited for, and then the reel is gone, a 404 that writes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelRepostRaceTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);
    private PostsClient Posts => _reels.Posts;

    [Theory]
    [InlineData("UPDATE reels SET deleted_at = now(), updated_at = now() WHERE id = @reel")]
    [InlineData("DELETE FROM reels WHERE id = @reel")]
    public async Task A_reel_deleted_while_it_is_reposted_is_a_404_that_reposts_nothing(string deletion)
    {
        var (author, reposter) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author, "going");
        await using var deleter = await Posts.Db.OpenConnectionAsync();
        await using var deleting = await deleter.BeginTransactionAsync();
        await deleter.ExecuteAsync(deletion, new { reel }, deleting);

        var repost = _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/repost", reposter);
        // Waits until the repost is held up by the deletion, or has answered without waiting for it (as it did before).
        await TransactionRace.BlockedByAsync(Posts.Db, deleter.ProcessID, repost);
        await deleting.CommitAsync();

        await (await repost).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM reel_reposts WHERE reel_id = @reel", new { reel }));
    }
}
