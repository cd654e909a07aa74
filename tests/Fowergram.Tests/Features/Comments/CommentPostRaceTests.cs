using System.Net;
using Dapper;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// A comment and a change of its post committed while the comment is under way. The comment read the post without a lock:
/// a soft delete, an archive or comments turned off, committed in between, still got a comment (201) on a post that was
/// gone, hidden or closed to comments by then. The comment now takes the post with a share lock: the change in flight is
/// waited for and the post read again, a 404 or 409 that writes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CommentPostRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Theory]
    [InlineData("UPDATE posts SET deleted_at = now(), updated_at = now() WHERE id = @post", HttpStatusCode.NotFound)]
    [InlineData("UPDATE posts SET is_archived = true, updated_at = now() WHERE id = @post", HttpStatusCode.NotFound)]
    [InlineData("UPDATE posts SET comments_disabled = true, updated_at = now() WHERE id = @post", HttpStatusCode.Conflict)]
    public async Task A_post_changed_while_it_is_commented_on_refuses_the_comment_and_keeps_nothing(string change, HttpStatusCode expected)
    {
        var (author, fan) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        await using var changer = await _posts.Db.OpenConnectionAsync();
        await using var changing = await changer.BeginTransactionAsync();
        await changer.ExecuteAsync(change, new { post }, changing);

        var comment = _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments", fan, new { content = "just in time?" });
        // Waits until the comment is held up by the change, or has answered without waiting for it (as it did before).
        await TransactionRace.BlockedByAsync(_posts.Db, changer.ProcessID, comment);
        await changing.CommitAsync();

        await (await comment).AssertProblemAsync(expected);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM comments WHERE post_id = @post", new { post }));
        Assert.Equal(0L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'comment.created' AND payload->>'postId' = @key", new { key = post.ToString() }));
    }
}
