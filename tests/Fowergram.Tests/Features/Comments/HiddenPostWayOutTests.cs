using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// Nothing a user wrote is stuck behind a post they can no longer see (archived, a block either way, an author gone private
/// whom they unfollowed): they delete their own comment and take back their own comment like (204), counters follow. Anything
/// not theirs there stays the 404 a missing post gets, and no answer carries anything of the post.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HiddenPostWayOutTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Theory]
    [InlineData(Hiding.Archived)]
    [InlineData(Hiding.BlockedByAuthor)]
    [InlineData(Hiding.BlockedAuthor)]
    [InlineData(Hiding.WentPrivateAndUnfollowed)]
    [InlineData(Hiding.DeletedByAuthor)]
    public async Task A_commenter_deletes_their_own_comment_on_a_post_they_can_no_longer_see(Hiding hiding)
    {
        var (author, commenter, postId) = await ArrangeAsync();
        var own = await CommentAsync(commenter, postId, "mine");
        var kept = await CommentAsync(author, postId, "the author's");
        await _posts.SettleAsync(postId);
        await _posts.HideAsync(hiding, author, commenter, postId);

        var deleted = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{own}", commenter);
        var notTheirs = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{kept}", commenter);
        var again = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{own}", commenter);
        var missing = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{Guid.NewGuid()}/comments/{own}", commenter);
        await _posts.SettleAsync(postId);

        await deleted.EnsureNoContentAsync();
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        var missingDetail = (await missing.AssertProblemAsync(HttpStatusCode.NotFound)).GetProperty("detail").GetString();
        Assert.Equal(missingDetail, (await notTheirs.AssertProblemAsync(HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        Assert.Equal(missingDetail, (await again.AssertProblemAsync(HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        Assert.True(await _posts.ScalarAsync<bool>("SELECT deleted_at IS NOT NULL FROM comments WHERE id = @own", new { own }));
        Assert.False(await _posts.ScalarAsync<bool>("SELECT deleted_at IS NOT NULL FROM comments WHERE id = @kept", new { kept }));
        Assert.Equal(1L, await _posts.CommentCountAsync(postId));
    }

    [Theory]
    [InlineData(Hiding.Archived)]
    [InlineData(Hiding.BlockedByAuthor)]
    [InlineData(Hiding.WentPrivateAndUnfollowed)]
    public async Task A_liker_takes_back_their_comment_like_on_a_post_they_can_no_longer_see(Hiding hiding)
    {
        var (author, liker, postId) = await ArrangeAsync();
        var other = await _posts.NewUserAsync();
        var comment = await CommentAsync(author, postId, "like me");
        var unliked = await CommentAsync(author, postId, "not liked by the liker");
        foreach (var user in new[] { liker, other })
            await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/comments/{comment}/like", user)).EnsureNoContentAsync();
        await _posts.SettleAsync(postId);
        await _posts.HideAsync(hiding, author, liker, postId);

        var taken = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{comment}/like", liker);
        var never = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{unliked}/like", liker);
        var missing = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{Guid.NewGuid()}/comments/{unliked}/like", liker);
        await _posts.SettleAsync(postId);

        await taken.EnsureNoContentAsync();
        var missingDetail = (await missing.AssertProblemAsync(HttpStatusCode.NotFound)).GetProperty("detail").GetString();
        Assert.Equal(missingDetail, (await never.AssertProblemAsync(HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM comment_likes WHERE comment_id = @comment", new { comment }));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT like_count FROM comment_stats WHERE comment_id = @comment", new { comment }));
    }

    [Fact]
    public async Task A_liker_takes_back_their_like_of_a_comment_whose_writer_blocked_them_since()
    {
        var (author, liker, postId) = await ArrangeAsync();
        var writer = await _posts.NewUserAsync();
        var comment = await CommentAsync(writer, postId, "by the writer");
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/comments/{comment}/like", liker)).EnsureNoContentAsync();
        await _posts.SettleAsync(postId);
        await _posts.BlockAsync(writer, liker);

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{comment}/like", liker)).EnsureNoContentAsync();
        await _posts.SettleAsync(postId);

        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM comment_likes WHERE comment_id = @comment", new { comment }));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT like_count FROM comment_stats WHERE comment_id = @comment", new { comment }));
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/comments/{comment}/like", liker)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<(TestUser Author, TestUser Fan, Guid PostId)> ArrangeAsync()
    {
        var author = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        return (author, fan, await _posts.PostIdAsync(author));
    }

    private async Task<Guid> CommentAsync(TestUser user, Guid postId, string content) =>
        (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", user, new { content }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
}
