using System.Diagnostics;
using System.Net;
using Fowergram.Platform.Telemetry;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Fowergram.Tests.Platform.Telemetry;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// What removing a comment costs the request: its replies are written by others, so their number must not set how many
/// statements the DELETE sends. Counted from the Npgsql spans of the request's trace (the telemetry host exports them).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class CommentRemovalCostTests(TelemetryHost host)
{
    private const int Replies = 12;

    [Fact]
    public async Task Removing_a_comment_raises_the_events_of_all_its_replies_in_one_statement()
    {
        var posts = new PostsClient(host.App);
        var (author, alice, bob) = (await posts.NewUserAsync(), await posts.NewUserAsync(), await posts.NewUserAsync());
        var postId = await posts.PostIdAsync(author);
        var top = (await (await posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", alice, new { content = "top" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        for (var i = 0; i < Replies; i++)
            (await posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", bob, new { content = $"reply {i}", parentId = top }))
                .EnsureSuccessStatusCode();

        var path = $"/api/v1/posts/{postId}/comments/{top}";
        await (await posts.SendAsync(HttpMethod.Delete, path, author)).EnsureNoContentAsync();

        var server = await TelemetryHost.EventuallyAsync(() => host.Spans.FirstOrDefault(s =>
            s.Kind == ActivityKind.Server && (s.GetTagItem("url.path") as string) == path), "the DELETE's server span");
        var outboxWrites = host.Spans.Count(s => s.Source.Name == TelemetryModule.NpgsqlName && s.TraceId == server.TraceId
            && (s.GetTagItem("db.query.text") as string ?? "").Contains("INSERT INTO outbox", StringComparison.Ordinal));
        Assert.Equal(1, outboxWrites);
        Assert.Equal(Replies + 1, await posts.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'comment.deleted' AND payload->>'postId' = @postId", new { postId = postId.ToString() }));
    }
}
