using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// Held comments, the same for posts, reels and long-form videos (held_at, migration 0105; CommentHolding): what someone the
/// thing's owner restricts writes there is seen by its writer only, raises nothing (no count, notice or mention) until the
/// owner approves it, and then raises it all once.
/// </summary>
public abstract class HeldCommentContract(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    /// <summary>The route segment: posts, reels, videos.</summary>
    protected abstract string Kind { get; }

    /// <summary>A fresh, visible thing of <paramref name="owner"/>'s.</summary>
    protected abstract Task<Guid> ThingAsync(TestUser owner);

    /// <summary>Every consumer has processed the events about the thing.</summary>
    protected abstract Task SettleAsync(Guid thingId);

    private async Task<(TestUser Owner, TestUser Restricted, TestUser Other, Guid Thing)> SetUpAsync()
    {
        var (owner, restricted, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{restricted.Username}/restrict", owner)).EnsureNoContentAsync();
        return (owner, restricted, other, await ThingAsync(owner));
    }

    private async Task<Guid> CommentAsync(TestUser user, Guid thing, string content, Guid? parentId = null)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/{Kind}/{thing}/comments", user, new { content, parentId }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();

    private async Task<List<Guid>> ListAsync(Guid thing, TestUser? viewer) =>
        Ids(await (await _posts.GetAsync($"/api/v1/{Kind}/{thing}/comments", viewer)).ReadJsonAsync());

    private async Task<JsonElement> TopLevelAsync(Guid thing, TestUser? viewer, Guid commentId) =>
        (await (await _posts.GetAsync($"/api/v1/{Kind}/{thing}/comments", viewer)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == commentId);

    private async Task<List<Guid>> HeldAsync(Guid thing, TestUser owner) =>
        Ids(await (await _posts.GetAsync($"/api/v1/{Kind}/{thing}/comments/held", owner)).ReadJsonAsync());

    private Task<HttpResponseMessage> ApproveAsync(TestUser? user, Guid thing, Guid commentId) =>
        _posts.SendAsync(HttpMethod.Post, $"/api/v1/{Kind}/{thing}/comments/{commentId}/approve", user);

    private async Task<long> CommentCountAsync(Guid thing, TestUser viewer) =>
        (await (await _posts.GetAsync($"/api/v1/{Kind}/{thing}", viewer)).ReadJsonAsync()).GetProperty("commentCount").GetInt64();

    private Task<long> EventsAboutAsync(Guid commentId) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE payload->>'commentId' = @id", new { id = commentId.ToString() });

    private Task<long> NoticesOfAsync(TestUser user) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE user_id = @id", new { id = user.Id });

    [Fact]
    public async Task A_restricted_writers_comment_is_theirs_alone_until_approved_and_then_counts_and_notifies_once()
    {
        var (owner, restricted, other, thing) = await SetUpAsync();
        var held = await CommentAsync(restricted, thing, $"first! @{other.Username}");
        await SettleAsync(thing);

        Assert.Equal([held], await ListAsync(thing, restricted));
        Assert.Empty(await ListAsync(thing, owner));
        Assert.Empty(await ListAsync(thing, other));
        Assert.Empty(await ListAsync(thing, null));
        Assert.Equal((0L, 0L, 0L), (await CommentCountAsync(thing, owner), await NoticesOfAsync(owner), await NoticesOfAsync(other)));
        Assert.Equal(0L, await EventsAboutAsync(held));

        Assert.Equal([held], await HeldAsync(thing, owner));
        await (await _posts.GetAsync($"/api/v1/{Kind}/{thing}/comments/held", other)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _posts.GetAsync($"/api/v1/{Kind}/{thing}/comments/held", restricted)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ApproveAsync(restricted, thing, held)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ApproveAsync(null, thing, held)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await ApproveAsync(owner, thing, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await ApproveAsync(owner, thing, held)).EnsureNoContentAsync();
        await (await ApproveAsync(owner, thing, held)).EnsureNoContentAsync(); // already shown: nothing raised again
        await SettleAsync(thing);

        Assert.Equal([held], await ListAsync(thing, other));
        Assert.Empty(await HeldAsync(thing, owner));
        Assert.Equal(1L, await CommentCountAsync(thing, other));
        Assert.Equal((1L, 1L), (await NoticesOfAsync(owner), await NoticesOfAsync(other)));
    }

    [Theory]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    public async Task A_held_comment_of_a_writer_gone_since_is_out_of_review_and_not_approvable_until_they_are_back(string gone, string back)
    {
        // The review list leaves a gone writer out as every comment list does; approving what it hides was a 204 that showed
        // (and counted, and notified about) a comment nobody could see, until 2026-12-07.
        var (owner, restricted, _, thing) = await SetUpAsync();
        var held = await CommentAsync(restricted, thing, "held, then gone");
        await _posts.ExecuteAsync(gone, new { id = restricted.Id });

        Assert.Empty(await HeldAsync(thing, owner));
        await (await ApproveAsync(owner, thing, held)).AssertProblemAsync(HttpStatusCode.NotFound);
        await SettleAsync(thing);
        Assert.Equal((0L, 0L), (await EventsAboutAsync(held), await NoticesOfAsync(owner)));

        await _posts.ExecuteAsync(back, new { id = restricted.Id });
        Assert.Equal([held], await HeldAsync(thing, owner)); // still held: the refusal changed nothing
        Assert.Equal(0L, await CommentCountAsync(thing, owner));
        await (await ApproveAsync(owner, thing, held)).EnsureNoContentAsync();
        await SettleAsync(thing);
        Assert.Equal(1L, await CommentCountAsync(thing, owner));
    }

    [Fact]
    public async Task A_held_comment_of_a_writer_the_owner_blocked_since_is_not_approvable()
    {
        var (owner, restricted, _, thing) = await SetUpAsync();
        var held = await CommentAsync(restricted, thing, "held, then blocked");
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{restricted.Username}/block", owner)).EnsureNoContentAsync();

        Assert.Empty(await HeldAsync(thing, owner));
        await (await ApproveAsync(owner, thing, held)).AssertProblemAsync(HttpStatusCode.NotFound);
        await SettleAsync(thing);
        Assert.Equal(0L, await EventsAboutAsync(held));

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{restricted.Username}/block", owner)).EnsureNoContentAsync();
        Assert.Equal([held], await HeldAsync(thing, owner));
    }

    [Fact]
    public async Task Held_replies_stay_out_of_threads_and_counts_and_their_deletion_raises_nothing()
    {
        var (owner, restricted, other, thing) = await SetUpAsync();
        var top = await CommentAsync(other, thing, "lovely");
        var reply = await CommentAsync(restricted, thing, "meh", top);
        await SettleAsync(thing);

        Assert.Equal(0L, (await TopLevelAsync(thing, other, top)).GetProperty("replyCount").GetInt64());
        Assert.Equal(1L, (await TopLevelAsync(thing, restricted, top)).GetProperty("replyCount").GetInt64());
        Assert.Equal([reply], Ids(await (await _posts.GetAsync($"/api/v1/{Kind}/{thing}/comments/{top}/replies", restricted)).ReadJsonAsync()));
        Assert.Empty(Ids(await (await _posts.GetAsync($"/api/v1/{Kind}/{thing}/comments/{top}/replies", owner)).ReadJsonAsync()));
        // Nobody but its writer can answer or like a held comment: for them it is not there.
        var heldTop = await CommentAsync(restricted, thing, "hello?");
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/{Kind}/{thing}/comments", other, new { content = "hi", parentId = heldTop }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/{Kind}/{thing}/comments/{heldTop}/like", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/{Kind}/{thing}/comments/{heldTop}/pin", owner)).AssertProblemAsync(HttpStatusCode.Conflict);
        var replyToHeld = await CommentAsync(restricted, thing, "me again", heldTop);
        await (await ApproveAsync(owner, thing, replyToHeld)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal([replyToHeld, heldTop, reply], await HeldAsync(thing, owner));

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/{Kind}/{thing}/comments/{reply}", owner)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/{Kind}/{thing}/comments/{heldTop}", restricted)).EnsureNoContentAsync();
        await SettleAsync(thing);

        Assert.Equal((0L, 0L), (await EventsAboutAsync(reply), await EventsAboutAsync(heldTop)));
        Assert.Empty(await HeldAsync(thing, owner));
        Assert.Equal(1L, await CommentCountAsync(thing, owner));
        Assert.Equal(0L, (await TopLevelAsync(thing, restricted, top)).GetProperty("replyCount").GetInt64());
    }

    [Fact]
    public async Task A_reply_under_a_held_comment_is_held_too_even_once_its_writer_is_no_longer_restricted()
    {
        var (owner, restricted, other, thing) = await SetUpAsync();
        var heldTop = await CommentAsync(restricted, thing, "held");
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{restricted.Username}/restrict", owner)).EnsureNoContentAsync();
        var reply = await CommentAsync(restricted, thing, "and a reply", heldTop);
        await SettleAsync(thing);

        // Shown, the reply would count and notify where nobody but its writer can reach it.
        Assert.Equal((0L, 0L, 0L), (await CommentCountAsync(thing, owner), await NoticesOfAsync(owner), await EventsAboutAsync(reply)));
        Assert.Equal([reply, heldTop], await HeldAsync(thing, owner));
        Assert.Equal([reply], Ids(await (await _posts.GetAsync($"/api/v1/{Kind}/{thing}/comments/{heldTop}/replies", restricted)).ReadJsonAsync()));
        await (await ApproveAsync(owner, thing, reply)).AssertProblemAsync(HttpStatusCode.Conflict);

        await (await ApproveAsync(owner, thing, heldTop)).EnsureNoContentAsync();
        await (await ApproveAsync(owner, thing, reply)).EnsureNoContentAsync();
        await SettleAsync(thing);

        Assert.Equal(2L, await CommentCountAsync(thing, other));
        Assert.Equal([reply], Ids(await (await _posts.GetAsync($"/api/v1/{Kind}/{thing}/comments/{heldTop}/replies", other)).ReadJsonAsync()));
    }

    [Fact]
    public async Task Only_the_restricters_things_hold_and_lifting_it_keeps_what_was_held()
    {
        var (owner, restricted, other, thing) = await SetUpAsync();
        var elsewhere = await CommentAsync(restricted, await ThingAsync(other), "shown on someone else's");
        var held = await CommentAsync(restricted, thing, "held");
        var ownersOwn = await CommentAsync(owner, thing, "the owner's own");

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{restricted.Username}/restrict", owner)).EnsureNoContentAsync();
        var after = await CommentAsync(restricted, thing, "after the lift");
        await SettleAsync(thing);

        Assert.Equal([after, ownersOwn], await ListAsync(thing, other));
        Assert.Equal([held], await HeldAsync(thing, owner));
        Assert.True(await EventsAboutAsync(elsewhere) > 0);
        Assert.Equal(2L, await CommentCountAsync(thing, owner));
    }
}
