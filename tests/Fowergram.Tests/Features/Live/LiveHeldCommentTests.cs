using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// Held live comments (migration 0147): what the broadcaster's restrictions, limits and hidden words hold on its posts is
/// held on its broadcasts too — seen by its writer only, never counted, never pinned.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveHeldCommentTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    private async Task<List<Guid>> SeenByAsync(Guid stream, TestUser? viewer) =>
        LiveClient.Ids(await (await _live.GetAsync($"/api/v1/live/{stream}/comments", viewer)).ReadJsonAsync());

    [Fact]
    public async Task A_restricted_writers_comment_is_theirs_alone_uncounted_and_unpinnable()
    {
        var (owner, restricted, fan) = (await _live.NewUserAsync(), await _live.NewUserAsync(), await _live.NewUserAsync());
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{restricted.Username}/restrict", owner)).EnsureNoContentAsync();
        var stream = await _live.LiveStreamIdAsync(owner);

        var held = await _live.CommentAsync(stream, restricted, "hello from the back");
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var shown = await _live.CommentAsync(stream, fan, "hi!");

        Assert.Equal([shown, held], await SeenByAsync(stream, restricted));
        Assert.Equal([shown], await SeenByAsync(stream, fan));
        Assert.Equal([shown], await SeenByAsync(stream, owner));
        Assert.Equal([shown], await SeenByAsync(stream, null));
        Assert.Equal(1L, (await _live.StatsAsync(stream)).Comments);
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/comments/{held}/pin", owner)).AssertProblemAsync(HttpStatusCode.NotFound);

        // Its writer may delete it; the count, which never had it, stays.
        Assert.Equal(HttpStatusCode.NoContent, (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/comments/{held}", restricted)).StatusCode);
        Assert.Equal(1L, (await _live.StatsAsync(stream)).Comments);
        Assert.Equal([shown], await SeenByAsync(stream, restricted));
    }

    [Fact]
    public async Task A_hidden_word_holds_a_viewers_comment_but_never_the_broadcasters_own()
    {
        var (owner, viewer) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        await (await _live.Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/hidden-words/spoiler", owner)).EnsureNoContentAsync();
        var stream = await _live.LiveStreamIdAsync(owner);

        var held = await _live.CommentAsync(stream, viewer, "SPOILER: he wins");
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var fine = await _live.CommentAsync(stream, viewer, "no spoilers please");
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var own = await _live.CommentAsync(stream, owner, "no spoiler from me");

        Assert.Equal([own, fine], await SeenByAsync(stream, owner));
        Assert.Equal([own, fine, held], await SeenByAsync(stream, viewer));
        Assert.Equal(2L, (await _live.StatsAsync(stream)).Comments);
    }
}
