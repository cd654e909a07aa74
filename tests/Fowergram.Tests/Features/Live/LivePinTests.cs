using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>The pinned live comment (migration 0134): the broadcaster's one pin, shown on the broadcast to those who may see its author.</summary>
[Collection(ApiCollection.Name)]
public sealed class LivePinTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    private async Task<Guid> CommentAsync(Guid stream, TestUser who, string content) =>
        (await (await _live.PostAsync($"/api/v1/live/{stream}/comments", who, new { content })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private Task<HttpResponseMessage> PinAsync(Guid stream, Guid comment, TestUser who) =>
        _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/comments/{comment}/pin", who);

    private async Task<JsonElement?> PinnedAsync(Guid stream, TestUser viewer)
    {
        var view = await (await _live.GetAsync($"/api/v1/live/{stream}", viewer)).ReadJsonAsync();
        return view.TryGetProperty("pinnedComment", out var pinned) ? pinned : null;
    }

    [Fact]
    public async Task The_broadcaster_pins_one_comment_at_a_time_and_a_deleted_one_unpins_itself()
    {
        var owner = await _live.NewUserAsync();
        var (fan, other) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(owner);
        var (first, second) = (await CommentAsync(stream, fan, "Where is this?"), await CommentAsync(stream, other, "Hello!"));

        Assert.Equal(HttpStatusCode.NoContent, (await PinAsync(stream, first, owner)).StatusCode);
        var pinned = (await PinnedAsync(stream, other))!.Value;
        Assert.Equal((first, "Where is this?", fan.Id), (pinned.GetProperty("id").GetGuid(), pinned.GetProperty("content").GetString(),
            pinned.GetProperty("author").GetProperty("id").GetGuid()));

        Assert.Equal(HttpStatusCode.NoContent, (await PinAsync(stream, second, owner)).StatusCode);
        Assert.Equal(second, (await PinnedAsync(stream, fan))!.Value.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/comments/{second}", owner)).StatusCode);
        Assert.Null(await PinnedAsync(stream, fan));

        Assert.Equal(HttpStatusCode.NoContent, (await PinAsync(stream, first, owner)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/comments/{first}/pin", owner)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/comments/{first}/pin", owner)).StatusCode);
        Assert.Null(await PinnedAsync(stream, fan));
    }

    [Fact]
    public async Task Only_the_broadcaster_pins_only_its_broadcasts_comments_only_while_live_and_a_blocked_author_stays_hidden()
    {
        var owner = await _live.NewUserAsync();
        var (fan, blocker) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(owner);
        var elsewhere = await _live.LiveStreamIdAsync(await _live.NewUserAsync());
        var comment = await CommentAsync(stream, fan, "first!");
        var foreign = await CommentAsync(elsewhere, fan, "wrong room");

        await (await PinAsync(stream, comment, fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await PinAsync(stream, foreign, owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await PinAsync(stream, Guid.NewGuid(), owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await PinAsync(stream, comment, owner)).StatusCode);
        await _live.Posts.BlockAsync(blocker, fan);
        Assert.Null(await PinnedAsync(stream, blocker));
        Assert.NotNull(await PinnedAsync(stream, owner));

        await _live.PostAsync($"/api/v1/live/{stream}/end", owner);
        await (await PinAsync(stream, comment, owner)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/comments/{comment}/pin", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
