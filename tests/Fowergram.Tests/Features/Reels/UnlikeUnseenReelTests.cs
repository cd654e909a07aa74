using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// A liker may always take their own like back, also from a reel or long-form video they can no longer see (deleted by its
/// author, a block either way, an author gone private whom they unfollowed), as from a post (UnlikeUnseenPostTests): 204,
/// the like and its count go. Liking again stays refused, and without a like of theirs the 404 of a missing one answers.
/// Until 2026-12-07 the unlike was a 404 and the like stayed, counted, with no way to take it back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UnlikeUnseenReelTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);
    private readonly Videos.VideosClient _videos = new(app);

    [Theory]
    [InlineData(Hiding.DeletedByAuthor)]
    [InlineData(Hiding.BlockedByAuthor)]
    [InlineData(Hiding.BlockedAuthor)]
    [InlineData(Hiding.WentPrivateAndUnfollowed)]
    public async Task A_liker_takes_their_like_back_from_a_reel_they_can_no_longer_see(Hiding hiding)
    {
        var (author, liker, other) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author);
        foreach (var user in new[] { liker, other })
            await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/like", user)).EnsureNoContentAsync();
        await _reels.SettleAsync(reel);
        await _reels.Posts.HideAsync(hiding, author, liker, $"/api/v1/reels/{reel}");

        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}/like", liker)).EnsureNoContentAsync();
        await _reels.SettleAsync(reel);

        Assert.Equal(1L, await _reels.LikeRowsAsync(reel));
        Assert.Equal(1L, await _reels.StatAsync(reel, "like_count"));
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/like", liker)).AssertProblemAsync(HttpStatusCode.NotFound);
        // Without a like there, a reel hidden from the caller (a deleted one is hidden from everyone) stays a 404.
        if (hiding == Hiding.DeletedByAuthor)
            await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}/like", await _reels.NewUserAsync()))
                .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Hiding.DeletedByAuthor)]
    [InlineData(Hiding.BlockedByAuthor)]
    [InlineData(Hiding.BlockedAuthor)]
    [InlineData(Hiding.WentPrivateAndUnfollowed)]
    public async Task A_liker_takes_their_like_back_from_a_video_they_can_no_longer_see(Hiding hiding)
    {
        var (author, liker, other) = (await _videos.NewUserAsync(), await _videos.NewUserAsync(), await _videos.NewUserAsync());
        var video = await _videos.VideoIdAsync(author);
        foreach (var user in new[] { liker, other })
            await (await _videos.SendAsync(HttpMethod.Put, $"/api/v1/videos/{video}/like", user)).EnsureNoContentAsync();
        await _videos.SettleAsync(video);
        await _reels.Posts.HideAsync(hiding, author, liker, $"/api/v1/videos/{video}");

        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{video}/like", liker)).EnsureNoContentAsync();
        await _videos.SettleAsync(video);

        Assert.Equal(1L, await _videos.Posts.ScalarAsync<long>("SELECT count(*) FROM igtv_likes WHERE video_id = @video", new { video }));
        Assert.Equal(1L, await _videos.Posts.ScalarAsync<long>("SELECT like_count FROM igtv_stats WHERE video_id = @video", new { video }));
        await (await _videos.SendAsync(HttpMethod.Put, $"/api/v1/videos/{video}/like", liker)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
