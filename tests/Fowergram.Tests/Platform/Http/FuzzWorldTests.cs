using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// The fuzz world must open the paths the fuzzers are meant to walk, not only their refusals: a world whose ids answer
/// 403 to its owner leaves the code behind that check unfuzzed while every fuzz test stays green.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FuzzWorldTests(FowergramApp app)
{
    /// <summary>
    /// Until 2026-12-07 the world's removal appeal was of the owner's own post, and nobody judges their own case: every
    /// decide the fuzzers sent was a 403, so the reversal (its area's reinstatement, the restored event) was never reached.
    /// </summary>
    [Fact]
    public async Task The_owner_a_moderator_can_reverse_the_worlds_open_removal_appeal()
    {
        var world = await FuzzWorld.CreateAsync(app);
        var posts = new PostsClient(app);
        var decide = world.Fill(new MappedRoute("POST", "/api/v1/moderation/removal-appeals/{id}/decide"));
        var read = world.Fill(new MappedRoute("GET", "/api/v1/moderation/removal-appeals/{id}"));

        var open = await (await posts.GetAsync(read, world.Owner)).ReadJsonAsync(HttpStatusCode.OK);
        var reversed = await (await posts.SendAsync(HttpMethod.Post, decide, world.Owner, new { outcome = "reversed" })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("open", open.GetProperty("status").GetString());
        Assert.Equal("reversed", reversed.GetProperty("status").GetString());
        var post = reversed.GetProperty("targetId").GetGuid();
        Assert.Null(await posts.ScalarAsync<DateTime?>("SELECT deleted_at FROM posts WHERE id = @post", new { post }));
    }
}
