using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// Every relationship × public/private account over every reel surface (the reel and its video URL, likers, comments,
/// replies, the reels tab, the reels of a sound) and the writes (like, comment, play): who may not see gets 404 and changes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelVisibilityTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    public static TheoryData<Relation, bool> Cells()
    {
        var data = new TheoryData<Relation, bool>();
        foreach (var relation in Enum.GetValues<Relation>())
        foreach (var isPrivate in new[] { false, true })
            data.Add(relation, isPrivate);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Every_reel_surface_answers_by_the_one_policy(Relation relation, bool isPrivate)
    {
        var owner = await _reels.NewUserAsync(isPrivate);
        var audio = await _reels.AudioTrackAsync();
        var reelId = await _reels.ReelIdAsync(owner, audioTrackId: audio);
        var commentId = await _reels.CommentAsync(owner, reelId, "first");
        await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", owner);
        var viewer = await _reels.Posts.ViewerAsync(relation, owner);
        var sees = PostsClient.Sees(relation, isPrivate);
        var expected = sees ? HttpStatusCode.OK : HttpStatusCode.NotFound;

        var reel = await _reels.GetAsync($"/api/v1/reels/{reelId}", viewer);
        var likers = await _reels.GetAsync($"/api/v1/reels/{reelId}/likers", viewer);
        var comments = await _reels.GetAsync($"/api/v1/reels/{reelId}/comments", viewer);
        var replies = await _reels.GetAsync($"/api/v1/reels/{reelId}/comments/{commentId}/replies", viewer);
        var tab = await _reels.GetAsync($"/api/v1/users/{owner.Username}/reels", viewer);
        foreach (var response in new[] { reel, likers, comments, replies, tab })
            Assert.True(response.StatusCode == expected, $"{response.RequestMessage!.RequestUri!.AbsolutePath}: {(int)response.StatusCode}");

        // The sound's page exists for everyone; the reel is in it only for those who may see it.
        var byAudio = await (await _reels.GetAsync($"/api/v1/audio/{audio}/reels", viewer)).ReadJsonAsync();
        Assert.Equal(sees, byAudio.GetProperty("reels").GetProperty("items").EnumerateArray().Any(r => r.GetProperty("id").GetGuid() == reelId));
        if (sees)
        {
            var url = (await reel.ReadJsonAsync()).GetProperty("video").GetProperty("url").GetString();
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(url)).StatusCode);
            Assert.Equal(owner.Id, (await likers.ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid());
            Assert.Equal(commentId, (await comments.ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid());
            Assert.Equal(reelId, (await tab.ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid());
        }
        else
        {
            foreach (var response in new[] { reel, likers, comments, replies, tab }) await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        if (viewer is null || relation == Relation.Owner) return;

        var writes = new[]
        {
            await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", viewer),
            await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reelId}/views", viewer),
            await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reelId}/comments", viewer, new { content = "hello" }),
        };
        HttpStatusCode[] expectedWrites = sees
            ? [HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.Created]
            : [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound];
        Assert.Equal(expectedWrites, writes.Select(w => w.StatusCode));
        var traces = await _reels.Posts.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM reel_likes WHERE reel_id = @reelId AND user_id = @viewer)
                 + (SELECT count(*) FROM reel_views WHERE reel_id = @reelId AND user_id = @viewer)
                 + (SELECT count(*) FROM reel_comments WHERE reel_id = @reelId AND user_id = @viewer)
            """, new { reelId, viewer = viewer.Id });
        Assert.Equal(sees ? 3L : 0L, traces);
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task A_deleted_or_deactivated_authors_reels_are_gone_for_everyone_else(string change)
    {
        var owner = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(owner);
        var viewer = await _reels.NewUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await _reels.GetAsync($"/api/v1/reels/{reelId}", viewer)).StatusCode);

        await _reels.Posts.ExecuteAsync(change, new { id = owner.Id });

        foreach (var who in new[] { viewer, null })
        {
            await (await _reels.GetAsync($"/api/v1/reels/{reelId}", who)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _reels.GetAsync($"/api/v1/users/{owner.Username}/reels", who)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _reels.LikeRowsAsync(reelId));
    }
}
