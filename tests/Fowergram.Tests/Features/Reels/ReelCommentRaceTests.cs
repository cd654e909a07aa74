using System.Net;
using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// A comment and a change of its reel committed while the comment is under way, as CommentPostRaceTests for posts. The comment
/// read the reel without a lock: a soft delete or comments turned off, committed in between, still got a comment (201) on a
/// reel gone or closed to comments by then. The comment now takes the reel with a share lock: the change in flight is waited
/// for and the reel read again, a 404 or 409 that writes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelCommentRaceTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    [Theory]
    [InlineData("UPDATE reels SET deleted_at = now() WHERE id = @reel", HttpStatusCode.NotFound)]
    [InlineData("UPDATE reels SET comments_disabled = true WHERE id = @reel", HttpStatusCode.Conflict)]
    public async Task A_reel_changed_while_it_is_commented_on_refuses_the_comment_and_keeps_nothing(string change, HttpStatusCode expected)
    {
        var (author, fan) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author);
        await using var changer = await _reels.Posts.Db.OpenConnectionAsync();
        await using var changing = await changer.BeginTransactionAsync();
        await changer.ExecuteAsync(change, new { reel }, changing);

        var comment = _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reel}/comments", fan, new { content = "just in time?" });
        // Waits until the comment is held up by the change, or has answered without waiting for it (as it did before).
        await TransactionRace.BlockedByAsync(_reels.Posts.Db, changer.ProcessID, comment);
        await changing.CommitAsync();

        await (await comment).AssertProblemAsync(expected);
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM reel_comments WHERE reel_id = @reel", new { reel }));
    }
}
