using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;
using Fowergram.Tests.Platform.Telemetry;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// What removing a comment (of a post, a reel or a video) costs the request: its replies are written by others, so their number must not set how many
/// statements the DELETE sends. Counted from the Npgsql spans of the request's trace (the telemetry host exports them).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class CommentRemovalCostTests(TelemetryHost host)
{
    private const int Replies = 12;

    /// <summary>Posts, reels and long-form videos: the path of the thing, and how a comment's deletion event names it.</summary>
    [Theory]
    [InlineData("posts", "comment.deleted", "postId")]
    [InlineData("reels", "reel_comment.deleted", "reelId")]
    [InlineData("videos", "igtv_comment.deleted", "videoId")]
    public async Task Removing_a_comment_raises_the_events_of_all_its_replies_in_one_statement(string things, string deleted, string thingKey)
    {
        var posts = new PostsClient(host.App);
        var (author, alice, bob) = (await posts.NewUserAsync(), await posts.NewUserAsync(), await posts.NewUserAsync());
        var thingId = things switch
        {
            "posts" => await posts.PostIdAsync(author),
            "reels" => await new ReelsClient(host.App).ReelIdAsync(author),
            _ => await new VideosClient(host.App).VideoIdAsync(author),
        };
        var comments = $"/api/v1/{things}/{thingId}/comments";
        var top = (await (await posts.SendAsync(HttpMethod.Post, comments, alice, new { content = "top" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        for (var i = 0; i < Replies; i++)
            (await posts.SendAsync(HttpMethod.Post, comments, bob, new { content = $"reply {i}", parentId = top })).EnsureSuccessStatusCode();

        var path = $"{comments}/{top}";
        await (await posts.SendAsync(HttpMethod.Delete, path, author)).EnsureNoContentAsync();

        Assert.Equal(1, await OutboxWritesOfAsync("DELETE", path));
        Assert.Equal(Replies + 1, await posts.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = @deleted AND payload->>@thingKey = @thingId", new { deleted, thingKey, thingId = thingId.ToString() }));
    }

    [Fact]
    public async Task A_reversed_removal_brings_a_comment_back_with_the_same_outbox_writes_however_many_replies_it_has()
    {
        var posts = new PostsClient(host.App);
        var (few, many) = (await RemovedCommentAsync(posts, 2), await RemovedCommentAsync(posts, Replies));

        Assert.Equal(await OutboxWritesOfReversalAsync(posts, few), await OutboxWritesOfReversalAsync(posts, many));
        Assert.Equal(Replies + 1, await posts.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'comment.restored' AND payload->>'postId' = @postId", new { postId = many.PostId.ToString() }));
    }

    private sealed record Removal(Guid Id, Guid PostId, TestUser Writer);

    /// <summary>A post's comment with <paramref name="replies"/> replies, taken down by a moderator and appealed by its writer.</summary>
    private static async Task<Removal> RemovedCommentAsync(PostsClient posts, int replies)
    {
        var (writer, replier) = (await posts.NewUserAsync(), await posts.NewUserAsync());
        var postId = await posts.PostIdAsync(await posts.NewUserAsync());
        var comment = (await (await posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", writer, new { content = "top" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        for (var i = 0; i < replies; i++)
            (await posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", replier, new { content = $"reply {i}", parentId = comment }))
                .EnsureSuccessStatusCode();
        var report = (await (await posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await posts.NewUserAsync(),
            new { targetType = "comment", targetId = comment, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await posts.ModeratorAsync(),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        (await posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{report}/appeal", writer, new { message = "Not spam." }))
            .EnsureSuccessStatusCode();
        return new Removal(report, postId, writer);
    }

    private async Task<int> OutboxWritesOfReversalAsync(PostsClient posts, Removal removal)
    {
        var path = $"/api/v1/moderation/removal-appeals/{removal.Id}/decide";
        (await posts.SendAsync(HttpMethod.Post, path, await posts.ModeratorAsync(), new { outcome = "reversed", notes = "looked again" }))
            .EnsureSuccessStatusCode();
        return await OutboxWritesOfAsync("POST", path);
    }

    /// <summary>The statements inserting into the outbox in the trace of the (one) request made to <paramref name="path"/>.</summary>
    private async Task<int> OutboxWritesOfAsync(string method, string path) =>
        host.StatementsOf(await host.TraceOfRequestAsync(method, path), "INSERT INTO outbox");
}
