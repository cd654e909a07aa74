using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// A liker may always take their own like back, also from a post they can no longer see (archived, a block either way, an
/// author gone private whom they unfollowed): 204, the like and its count go. Without a like of theirs there, such a post
/// stays a 404, the answer for a post that does not exist, so the unlike tells nothing about the post.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UnlikeUnseenPostTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Theory]
    [InlineData(Hiding.Archived)]
    [InlineData(Hiding.BlockedByAuthor)]
    [InlineData(Hiding.BlockedAuthor)]
    [InlineData(Hiding.WentPrivateAndUnfollowed)]
    [InlineData(Hiding.DeletedByAuthor)]
    public async Task A_liker_takes_their_like_back_from_a_post_they_can_no_longer_see(Hiding hiding)
    {
        var author = await _posts.NewUserAsync();
        var liker = await _posts.NewUserAsync();
        var other = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        foreach (var user in new[] { liker, other })
            await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", user)).EnsureNoContentAsync();
        await _posts.SettleAsync(postId);
        Assert.Equal(2L, await _posts.LikeCountAsync(postId));
        await _posts.HideAsync(hiding, author, liker, postId);
        await (await _posts.GetAsync($"/api/v1/posts/{postId}", liker)).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/like", liker)).EnsureNoContentAsync();
        await _posts.SettleAsync(postId);

        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM likes WHERE post_id = @postId AND user_id = @Id", new { postId, liker.Id }));
        Assert.Equal(1L, await _posts.LikeCountAsync(postId));
        Assert.Equal(1L, await _posts.LikeRowsAsync(postId));
        // Liking again is still refused: only the way back out is open.
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", liker)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_a_like_of_theirs_an_unlike_of_a_post_they_cannot_see_is_the_404_of_a_missing_post_and_changes_nothing()
    {
        var author = await _posts.NewUserAsync();
        var liker = await _posts.NewUserAsync();
        var stranger = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", liker)).EnsureNoContentAsync();
        await _posts.SettleAsync(postId);
        await _posts.HideAsync(Hiding.Archived, author, liker, postId);

        var unseen = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/like", stranger);
        var missing = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{Guid.NewGuid()}/like", stranger);
        await _posts.SettleAsync(postId);

        var unseenProblem = await unseen.AssertProblemAsync(HttpStatusCode.NotFound);
        var missingProblem = await missing.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(missingProblem.GetProperty("detail").GetString(), unseenProblem.GetProperty("detail").GetString());
        Assert.Equal(1L, await _posts.LikeRowsAsync(postId));
        Assert.Equal(1L, await _posts.LikeCountAsync(postId));
    }
}
