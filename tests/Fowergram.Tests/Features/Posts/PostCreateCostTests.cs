using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Fowergram.Tests.Platform.Telemetry;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// What writing a post costs the request: its people tags and their user.tagged events go in one statement each, however
/// many accounts it tags. Counted from the Npgsql spans of the request's trace (the telemetry host exports them).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class PostCreateCostTests(TelemetryHost host)
{
    private const int Tagged = 6;

    [Fact]
    public async Task A_post_tagging_several_accounts_writes_its_tags_and_their_events_in_one_statement_each()
    {
        var posts = new PostsClient(host.App);
        var author = await posts.NewUserAsync();
        var tagged = new List<TestUser>();
        for (var i = 0; i < Tagged; i++) tagged.Add(await posts.NewUserAsync());
        var userTags = tagged.Select((who, i) => new { username = who.Username, x = 0.1 * (i + 1), y = 0.5 }).ToArray();
        var body = new { media = new[] { new { uploadId = (await posts.UploadAsync(author)).UploadId, userTags } } };
        var before = host.RequestsTo("POST", "/api/v1/posts");

        var postId = (await (await posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, body)).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

        var traceId = await host.TraceOfRequestAsync("POST", "/api/v1/posts", before);
        Assert.Equal(1, host.StatementsOf(traceId, "INSERT INTO media_user_tags"));
        Assert.Equal(2, host.StatementsOf(traceId, "INSERT INTO outbox")); // post.created, then every user.tagged
        Assert.Equal(Tagged, await posts.ScalarAsync<long>("SELECT count(*) FROM media_user_tags t JOIN post_media m ON m.id = t.media_id WHERE m.post_id = @postId",
            new { postId }));
        Assert.Equal(Tagged, await posts.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'user.tagged' AND payload->>'postId' = @postId", new { postId = postId.ToString() }));
    }
}
