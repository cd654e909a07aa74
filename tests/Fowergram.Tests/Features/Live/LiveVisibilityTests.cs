using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>Every relationship × public/private broadcaster over every live surface: who may not see gets 404 and changes nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class LiveVisibilityTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

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
    public async Task Every_live_surface_answers_by_the_one_policy(Relation relation, bool isPrivate)
    {
        var owner = await _live.NewUserAsync(isPrivate);
        var id = await _live.LiveStreamIdAsync(owner);
        var viewer = await _live.Posts.ViewerAsync(relation, owner);
        var sees = PostsClient.Sees(relation, isPrivate);

        var read = await _live.GetAsync($"/api/v1/live/{id}", viewer);
        var comments = await _live.GetAsync($"/api/v1/live/{id}/comments", viewer);
        foreach (var response in new[] { read, comments })
            if (sees) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            else await response.AssertProblemAsync(HttpStatusCode.NotFound);
        if (sees)
            Assert.Equal($"https://live.example.com/hls/{id}/index.m3u8", (await read.ReadJsonAsync()).GetProperty("playbackUrl").GetString());
        if (viewer is null || relation == Relation.Owner) return;

        var following = LiveClient.Ids(await (await _live.GetAsync("/api/v1/live/following", viewer)).ReadJsonAsync());
        Assert.Equal(relation == Relation.Follower, following.Contains(id));
        var join = await _live.PostAsync($"/api/v1/live/{id}/join", viewer);
        var comment = await _live.PostAsync($"/api/v1/live/{id}/comments", viewer, new { content = "hello" });
        var leave = await _live.PostAsync($"/api/v1/live/{id}/leave", viewer);
        Assert.Equal(sees ? HttpStatusCode.NoContent : HttpStatusCode.NotFound, join.StatusCode);
        Assert.Equal(sees ? HttpStatusCode.Created : HttpStatusCode.NotFound, comment.StatusCode);
        Assert.Equal(sees ? HttpStatusCode.NoContent : HttpStatusCode.NotFound, leave.StatusCode);
        Assert.Equal(sees ? (0L, 1L, 1L) : (0L, 0L, 0L), await _live.StatsAsync(id));
    }

    [Fact]
    public async Task A_deleted_broadcaster_and_a_block_after_joining_hide_the_broadcast()
    {
        var owner = await _live.NewUserAsync();
        var viewer = await _live.NewUserAsync();
        var id = await _live.LiveStreamIdAsync(owner);
        await _live.Posts.FollowAsync(viewer, owner);
        Assert.Contains(id, LiveClient.Ids(await (await _live.GetAsync("/api/v1/live/following", viewer)).ReadJsonAsync()));

        await _live.Posts.BlockAsync(owner, viewer);
        await (await _live.GetAsync($"/api/v1/live/{id}", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _live.PostAsync($"/api/v1/live/{id}/join", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);

        var stranger = await _live.NewUserAsync();
        await _live.Posts.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @id", new { id = owner.Id });
        await (await _live.GetAsync($"/api/v1/live/{id}", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _live.PostAsync($"/api/v1/live/{id}/comments", stranger, new { content = "hi" })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal((0L, 0L, 0L), await _live.StatsAsync(id));
    }
}
