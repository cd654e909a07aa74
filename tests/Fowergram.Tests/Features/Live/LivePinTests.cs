using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>The pinned live comment (migration 0134): the broadcaster's one pin, shown on the broadcast to those who may see its author.</summary>
[Collection(ApiCollection.Name)]
public sealed class LivePinTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

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
        var (first, second) = (await _live.CommentAsync(stream, fan, "Where is this?"), await _live.CommentAsync(stream, other, "Hello!"));

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
    public async Task Unpinning_a_comment_that_is_not_the_pinned_one_leaves_the_pin_alone()
    {
        var owner = await _live.NewUserAsync();
        var fan = await _live.NewUserAsync();
        var stream = await _live.LiveStreamIdAsync(owner);
        var (first, second) = (await _live.CommentAsync(stream, fan, "first"), await _live.CommentAsync(stream, fan, "second"));
        Assert.Equal(HttpStatusCode.NoContent, (await PinAsync(stream, first, owner)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PinAsync(stream, second, owner)).StatusCode);

        // A second device still showing the first pin takes it back: the pin it names is gone already, the newer one stays.
        foreach (var stale in new[] { first, Guid.NewGuid() })
            Assert.Equal(HttpStatusCode.NoContent, (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/comments/{stale}/pin", owner)).StatusCode);
        Assert.Equal(second, (await PinnedAsync(stream, fan))!.Value.GetProperty("id").GetGuid());

        Assert.Equal(HttpStatusCode.NoContent, (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/comments/{second}/pin", owner)).StatusCode);
        Assert.Null(await PinnedAsync(stream, fan));
    }

    [Fact]
    public async Task Only_the_broadcaster_pins_only_its_broadcasts_comments_only_while_live_and_a_blocked_author_stays_hidden()
    {
        var owner = await _live.NewUserAsync();
        var (fan, blocker) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(owner);
        var elsewhere = await _live.LiveStreamIdAsync(await _live.NewUserAsync());
        var comment = await _live.CommentAsync(stream, fan, "first!");
        var foreign = await _live.CommentAsync(elsewhere, fan, "wrong room");

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
    /// <summary>
    /// The interleaving behind a deadlock the route race once hit: an end holds the stream row and then recounts on
    /// live_stream_stats, while deleting a pinned comment counts on live_stream_stats and then (0134's ON DELETE SET NULL)
    /// updates the stream row. The delete now takes the stream row first, so it waits for the end instead of crossing it.
    /// </summary>
    [Fact]
    public async Task Deleting_the_pinned_comment_while_an_end_holds_the_stream_waits_for_it_instead_of_deadlocking()
    {
        var (owner, fan) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        var stream = await _live.LiveStreamIdAsync(owner);
        var comment = await _live.CommentAsync(stream, fan, "pin me");
        Assert.Equal(HttpStatusCode.NoContent, (await PinAsync(stream, comment, owner)).StatusCode);

        var db = await TestDatabase.GetAsync();
        await using var ending = await db.OpenConnectionAsync();
        await using var tx = await ending.BeginTransactionAsync();
        await ending.ExecuteAsync("SELECT 1 FROM live_streams WHERE id = @stream FOR NO KEY UPDATE", new { stream }, tx);
        var deleting = _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/comments/{comment}", owner);
        await TransactionRace.WaitUntilBlockedByAsync(db, ending.ProcessID, deleting);
        // The end's recount; before the fix the delete held this row and PostgreSQL aborted one of the two.
        await ending.ExecuteAsync("UPDATE live_stream_stats SET updated_at = updated_at WHERE stream_id = @stream", new { stream }, tx);
        await tx.CommitAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await deleting).StatusCode);
        Assert.Null(await PinnedAsync(stream, fan));
    }
}
