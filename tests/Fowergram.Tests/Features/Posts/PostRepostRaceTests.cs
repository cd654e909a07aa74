using System.Net;
using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// A repost and the post's deletion or purge, committed while the repost is under way (as <c>ReelRepostRaceTests</c> for
/// reels). The repost read the post without a lock or a deleted filter: a soft delete committed in between still got a
/// repost row (of a deleted post, 204), a purge failed the insert's foreign key (a 500). The repost now takes the post with
/// a share lock, live only: a deletion in flight is waited for, and then the post is gone, a 404 that writes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PostRepostRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Theory]
    [InlineData("UPDATE posts SET deleted_at = now(), updated_at = now() WHERE id = @post")]
    [InlineData("DELETE FROM posts WHERE id = @post")]
    public async Task A_post_deleted_while_it_is_reposted_is_a_404_that_reposts_nothing(string deletion)
    {
        var (author, reposter) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        await using var deleter = await _posts.Db.OpenConnectionAsync();
        await using var deleting = await deleter.BeginTransactionAsync();
        await deleter.ExecuteAsync(deletion, new { post }, deleting);

        var repost = _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", reposter);
        // Waits until the repost is held up by the deletion, or has answered without waiting for it (as it did before).
        await TransactionRace.BlockedByAsync(_posts.Db, deleter.ProcessID, repost);
        await deleting.CommitAsync();

        await (await repost).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM reposts WHERE post_id = @post", new { post }));
    }
}
