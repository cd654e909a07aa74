using System.Net;
using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// A comment and a change of its long-form video committed while the comment is under way, as CommentPostRaceTests (posts)
/// and ReelCommentRaceTests (reels). The comment read the video without a lock: a soft delete or comments turned off,
/// committed in between, still got a comment (201) on a video gone or closed to comments by then. The comment now takes the
/// video with a share lock: the change in flight is waited for and the video read again, a 404 or 409 that writes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VideoCommentRaceTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    [Theory]
    [InlineData("UPDATE igtv_videos SET deleted_at = now() WHERE id = @video", HttpStatusCode.NotFound)]
    [InlineData("UPDATE igtv_videos SET comments_disabled = true WHERE id = @video", HttpStatusCode.Conflict)]
    public async Task A_video_changed_while_it_is_commented_on_refuses_the_comment_and_keeps_nothing(string change, HttpStatusCode expected)
    {
        var (author, fan) = (await _videos.NewUserAsync(), await _videos.NewUserAsync());
        var video = await _videos.VideoIdAsync(author);
        await using var changer = await _videos.Posts.Db.OpenConnectionAsync();
        await using var changing = await changer.BeginTransactionAsync();
        await changer.ExecuteAsync(change, new { video }, changing);

        var comment = _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{video}/comments", fan, new { content = "just in time?" });
        // Waits until the comment is held up by the change, or has answered without waiting for it (as it did before).
        await TransactionRace.BlockedByAsync(_videos.Posts.Db, changer.ProcessID, comment);
        await changing.CommitAsync();

        await (await comment).AssertProblemAsync(expected);
        Assert.Equal(0L, await _videos.Posts.ScalarAsync<long>("SELECT count(*) FROM igtv_comments WHERE video_id = @video", new { video }));
    }
}
