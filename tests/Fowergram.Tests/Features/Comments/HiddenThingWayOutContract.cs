using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// The way out of a reel or long-form video hidden from a commenter or a comment's liker since (deleted by its author, a block
/// either way, an author gone private whom they unfollowed), as of a post (HiddenPostWayOutTests): they delete their own
/// comment and take back their own comment like (204), counts follow; anything not theirs there stays the 404 a missing thing
/// gets. Until 2026-12-07 both were that 404, and what they wrote or liked stayed, counted, with no way to take it back.
/// </summary>
public abstract class HiddenThingWayOutContract(FowergramApp app)
{
    protected PostsClient Posts { get; } = new(app);

    /// <summary>The route segment: reels, videos.</summary>
    protected abstract string Kind { get; }

    /// <summary>The comments table (reel_comments, igtv_comments) and their likes' (reel_comment_likes, igtv_comment_likes).</summary>
    protected abstract string CommentsTable { get; }
    protected abstract string LikesTable { get; }

    /// <summary>The thing's stats table (reel_stats, igtv_stats) and its key column there (reel_id, video_id).</summary>
    protected abstract string StatsTable { get; }
    protected abstract string StatsKey { get; }

    /// <summary>A fresh, public thing of <paramref name="owner"/>'s.</summary>
    protected abstract Task<Guid> ThingAsync(TestUser owner);

    /// <summary>Every consumer has processed the events about the thing.</summary>
    protected abstract Task SettleAsync(Guid thingId);

    public static TheoryData<Hiding> Hidings => [Hiding.DeletedByAuthor, Hiding.BlockedByAuthor, Hiding.BlockedAuthor, Hiding.WentPrivateAndUnfollowed];

    private string Path(Guid thingId) => $"/api/v1/{Kind}/{thingId}";

    private async Task<Guid> CommentAsync(TestUser user, Guid thingId, string content)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return (await (await Posts.SendAsync(HttpMethod.Post, $"{Path(thingId)}/comments", user, new { content }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private Task<long> CommentCountAsync(Guid thingId) =>
        Posts.ScalarAsync<long>($"SELECT comment_count FROM {StatsTable} WHERE {StatsKey} = @thingId", new { thingId });

    private async Task<string?> DetailAsync(HttpResponseMessage response) =>
        (await response.AssertProblemAsync(HttpStatusCode.NotFound)).GetProperty("detail").GetString();

    [Theory]
    [MemberData(nameof(Hidings))]
    public async Task A_commenter_deletes_their_own_comment_on_a_thing_they_can_no_longer_see(Hiding hiding)
    {
        var (author, commenter) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var thingId = await ThingAsync(author);
        var own = await CommentAsync(commenter, thingId, "mine");
        var kept = await CommentAsync(author, thingId, "the author's");
        await SettleAsync(thingId);
        Assert.Equal(2L, await CommentCountAsync(thingId));
        await Posts.HideAsync(hiding, author, commenter, Path(thingId));

        var deleted = await Posts.SendAsync(HttpMethod.Delete, $"{Path(thingId)}/comments/{own}", commenter);
        var notTheirs = await Posts.SendAsync(HttpMethod.Delete, $"{Path(thingId)}/comments/{kept}", commenter);
        var again = await Posts.SendAsync(HttpMethod.Delete, $"{Path(thingId)}/comments/{own}", commenter);
        var missing = await Posts.SendAsync(HttpMethod.Delete, $"{Path(Guid.NewGuid())}/comments/{own}", commenter);
        await SettleAsync(thingId);

        await deleted.EnsureNoContentAsync();
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        var missingDetail = await DetailAsync(missing);
        Assert.Equal(missingDetail, await DetailAsync(notTheirs));
        Assert.Equal(missingDetail, await DetailAsync(again));
        Assert.True(await Posts.ScalarAsync<bool>($"SELECT deleted_at IS NOT NULL FROM {CommentsTable} WHERE id = @own", new { own }));
        Assert.False(await Posts.ScalarAsync<bool>($"SELECT deleted_at IS NOT NULL FROM {CommentsTable} WHERE id = @kept", new { kept }));
        Assert.Equal(1L, await CommentCountAsync(thingId));
    }

    [Theory]
    [MemberData(nameof(Hidings))]
    public async Task A_liker_takes_back_their_comment_like_on_a_thing_they_can_no_longer_see(Hiding hiding)
    {
        var (author, liker, other) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var thingId = await ThingAsync(author);
        var comment = await CommentAsync(author, thingId, "like me");
        var unliked = await CommentAsync(author, thingId, "not liked by the liker");
        foreach (var user in new[] { liker, other })
            await (await Posts.SendAsync(HttpMethod.Put, $"{Path(thingId)}/comments/{comment}/like", user)).EnsureNoContentAsync();
        await SettleAsync(thingId);
        await Posts.HideAsync(hiding, author, liker, Path(thingId));

        var taken = await Posts.SendAsync(HttpMethod.Delete, $"{Path(thingId)}/comments/{comment}/like", liker);
        var never = await Posts.SendAsync(HttpMethod.Delete, $"{Path(thingId)}/comments/{unliked}/like", liker);
        var missing = await Posts.SendAsync(HttpMethod.Delete, $"{Path(Guid.NewGuid())}/comments/{unliked}/like", liker);
        await SettleAsync(thingId);

        await taken.EnsureNoContentAsync();
        Assert.Equal(await DetailAsync(missing), await DetailAsync(never));
        Assert.Equal(1L, await Posts.ScalarAsync<long>($"SELECT count(*) FROM {LikesTable} WHERE comment_id = @comment", new { comment }));
        Assert.Equal(1L, await Posts.ScalarAsync<long>($"SELECT like_count FROM {CommentsTable} WHERE id = @comment", new { comment }));
        // Liking again is still refused: only the way back out is open.
        await (await Posts.SendAsync(HttpMethod.Put, $"{Path(thingId)}/comments/{comment}/like", liker)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_liker_takes_back_their_like_of_a_comment_whose_writer_blocked_them_since()
    {
        var (author, liker, writer) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var thingId = await ThingAsync(author);
        var comment = await CommentAsync(writer, thingId, "by the writer");
        await (await Posts.SendAsync(HttpMethod.Put, $"{Path(thingId)}/comments/{comment}/like", liker)).EnsureNoContentAsync();
        await SettleAsync(thingId);
        await Posts.BlockAsync(writer, liker);

        await (await Posts.SendAsync(HttpMethod.Delete, $"{Path(thingId)}/comments/{comment}/like", liker)).EnsureNoContentAsync();
        await SettleAsync(thingId);

        Assert.Equal(0L, await Posts.ScalarAsync<long>($"SELECT count(*) FROM {LikesTable} WHERE comment_id = @comment", new { comment }));
        Assert.Equal(0L, await Posts.ScalarAsync<long>($"SELECT like_count FROM {CommentsTable} WHERE id = @comment", new { comment }));
        await (await Posts.SendAsync(HttpMethod.Put, $"{Path(thingId)}/comments/{comment}/like", liker)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
