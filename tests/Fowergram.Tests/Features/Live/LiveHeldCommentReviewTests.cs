using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// The broadcaster's review of held live comments (docs/live.md "Held comments", migration 0151), as posts, reels and videos
/// have it: GET /live/{id}/comments/held for the broadcaster alone, and POST .../comments/{commentId}/approve, which shows a
/// held comment to everyone and counts it exactly once.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveHeldCommentReviewTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    /// <summary>A live broadcast of a fresh broadcaster who hides "spoiler", and a viewer whose comments with it are held.</summary>
    private async Task<(TestUser Owner, TestUser Writer, TestUser Fan, Guid Stream)> SetUpAsync()
    {
        var (owner, writer, fan) = (await _live.NewUserAsync(), await _live.NewUserAsync(), await _live.NewUserAsync());
        await (await _live.Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/hidden-words/spoiler", owner)).EnsureNoContentAsync();
        return (owner, writer, fan, await _live.LiveStreamIdAsync(owner));
    }

    private async Task<Guid> CommentAsync(Guid stream, TestUser who, string content)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return await _live.CommentAsync(stream, who, content);
    }

    private Task<HttpResponseMessage> HeldResponseAsync(Guid stream, TestUser? who, string query = "") =>
        _live.GetAsync($"/api/v1/live/{stream}/comments/held{query}", who);

    private async Task<List<Guid>> HeldAsync(Guid stream, TestUser owner) => LiveClient.Ids(await (await HeldResponseAsync(stream, owner)).ReadJsonAsync());

    private Task<HttpResponseMessage> ApproveAsync(Guid stream, Guid comment, TestUser? who) =>
        _live.PostAsync($"/api/v1/live/{stream}/comments/{comment}/approve", who);

    private async Task<List<Guid>> SeenByAsync(Guid stream, TestUser? viewer) =>
        LiveClient.Ids(await (await _live.GetAsync($"/api/v1/live/{stream}/comments", viewer)).ReadJsonAsync());

    private async Task<long> CommentCountAsync(Guid stream, TestUser viewer) =>
        (await (await _live.GetAsync($"/api/v1/live/{stream}", viewer)).ReadJsonAsync()).GetProperty("commentCount").GetInt64();

    [Fact]
    public async Task The_broadcaster_alone_lists_held_comments_newest_first_in_pages()
    {
        var (owner, writer, fan, stream) = await SetUpAsync();
        var first = await CommentAsync(stream, writer, "spoiler one");
        await CommentAsync(stream, fan, "shown");
        var second = await CommentAsync(stream, fan, "SPOILER two");
        var third = await CommentAsync(stream, writer, "spoiler three");

        var page = await (await HeldResponseAsync(stream, owner, "?limit=2")).ReadJsonAsync();
        Assert.Equal([third, second], LiveClient.Ids(page));
        var item = page.GetProperty("items")[0];
        Assert.Equal((writer.Id, "spoiler three"), (item.GetProperty("author").GetProperty("id").GetGuid(), item.GetProperty("content").GetString()));
        var cursor = Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!);
        var rest = await (await HeldResponseAsync(stream, owner, $"?limit=2&cursor={cursor}")).ReadJsonAsync();
        Assert.Equal([first], LiveClient.Ids(rest));
        Assert.False(rest.TryGetProperty("nextCursor", out _));

        // Anyone else who may see the broadcast — its writers included — is told no (403, as for a post); one it is hidden
        // from gets the 404 of every other read; a guest must sign in.
        await (await HeldResponseAsync(stream, writer)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await HeldResponseAsync(stream, fan)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var blocked = await _live.NewUserAsync();
        await _live.Posts.BlockAsync(owner, blocked);
        await (await HeldResponseAsync(stream, blocked)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await HeldResponseAsync(stream, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // A removed viewer's comments are hidden from everyone while the removal stands, held ones from the review too.
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/removed-viewers/{writer.Username}", owner)).EnsureNoContentAsync();
        Assert.Equal([second], await HeldAsync(stream, owner));
    }

    [Fact]
    public async Task An_approved_comment_shows_to_everyone_counts_once_and_can_be_pinned()
    {
        var (owner, writer, fan, stream) = await SetUpAsync();
        var shown = await CommentAsync(stream, fan, "hello");
        var held = await CommentAsync(stream, writer, "spoiler: it rains");
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/comments/{held}/pin", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([shown], await SeenByAsync(stream, fan));
        Assert.Equal(1L, await CommentCountAsync(stream, fan));

        await (await ApproveAsync(stream, held, owner)).EnsureNoContentAsync();
        await (await ApproveAsync(stream, held, owner)).EnsureNoContentAsync(); // no longer held: nothing to do, nothing counted
        await (await ApproveAsync(stream, shown, owner)).EnsureNoContentAsync(); // never held: the same

        Assert.Equal([held, shown], await SeenByAsync(stream, fan));
        Assert.Equal([held, shown], await SeenByAsync(stream, null));
        Assert.Equal([held, shown], await SeenByAsync(stream, owner));
        Assert.Empty(await HeldAsync(stream, owner));
        Assert.Equal(2L, await CommentCountAsync(stream, fan));
        Assert.Equal(2L, (await _live.StatsAsync(stream)).Comments);

        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/comments/{held}/pin", owner)).EnsureNoContentAsync();
        var view = await (await _live.GetAsync($"/api/v1/live/{stream}", fan)).ReadJsonAsync();
        Assert.Equal(held, view.GetProperty("pinnedComment").GetProperty("id").GetGuid());
        // Approved, it is an ordinary comment: deleting it takes it off the count.
        await (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/comments/{held}", writer)).EnsureNoContentAsync();
        Assert.Equal(1L, (await _live.StatsAsync(stream)).Comments);
    }

    [Fact]
    public async Task A_held_comment_the_review_hides_is_not_approvable_and_stays_held()
    {
        // Gone, blocked or removed writers leave the review list; approving by id showed and counted such a comment until
        // 2026-12-07. Now it is the list's 404, and once the writer is back in sight the approval goes through.
        var (owner, writer, _, stream) = await SetUpAsync();
        var held = await CommentAsync(stream, writer, "spoiler: gone");
        await _live.Posts.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = writer.Id });
        Assert.Empty(await HeldAsync(stream, owner));
        await (await ApproveAsync(stream, held, owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await _live.Posts.ExecuteAsync("UPDATE users SET is_active = true WHERE id = @id", new { id = writer.Id });

        await _live.Posts.BlockAsync(owner, writer);
        await (await ApproveAsync(stream, held, owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{writer.Username}/block", owner)).EnsureNoContentAsync();
        Assert.Equal(0L, (await _live.StatsAsync(stream)).Comments);

        Assert.Equal([held], await HeldAsync(stream, owner));
        await (await ApproveAsync(stream, held, owner)).EnsureNoContentAsync();
        Assert.Equal(1L, (await _live.StatsAsync(stream)).Comments);
    }

    [Fact]
    public async Task Concurrent_approvals_of_one_comment_count_it_once()
    {
        var (owner, writer, _, stream) = await SetUpAsync();
        var held = await CommentAsync(stream, writer, "spoiler alert");

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => ApproveAsync(stream, held, owner)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a.StatusCode));
        Assert.Equal(1L, (await _live.StatsAsync(stream)).Comments);
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_comments WHERE id = @held AND held_at IS NOT NULL", new { held }));
    }

    [Fact]
    public async Task Approvals_racing_the_comments_deletion_leave_the_count_exact()
    {
        var (owner, writer, _, stream) = await SetUpAsync();
        for (var round = 0; round < 4; round++)
        {
            var held = await CommentAsync(stream, writer, $"spoiler {round}");
            var approvals = Enumerable.Range(0, 3).Select(_ => ApproveAsync(stream, held, owner));
            var delete = _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/comments/{held}", round % 2 == 0 ? writer : owner);
            var answers = await Task.WhenAll(approvals.Prepend(delete));

            Assert.Equal(HttpStatusCode.NoContent, answers[0].StatusCode);
            Assert.All(answers.Skip(1), a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound }));
        }
        Assert.Equal(0L, (await _live.StatsAsync(stream)).Comments);
    }

    [Fact]
    public async Task Deleting_a_held_comment_takes_nothing_off_the_count()
    {
        var (owner, writer, fan, stream) = await SetUpAsync();
        await CommentAsync(stream, fan, "shown");
        var (mine, moderated) = (await CommentAsync(stream, writer, "spoiler a"), await CommentAsync(stream, writer, "spoiler b"));

        await (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/comments/{moderated}", owner)).EnsureNoContentAsync();
        await (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/comments/{mine}", writer)).EnsureNoContentAsync();

        Assert.Equal(1L, (await _live.StatsAsync(stream)).Comments);
        Assert.Empty(await HeldAsync(stream, owner));
        await (await ApproveAsync(stream, mine, owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1L, (await _live.StatsAsync(stream)).Comments);
    }

    [Fact]
    public async Task Anyone_but_the_broadcaster_and_bad_ids_are_refused_and_change_nothing()
    {
        var (owner, writer, fan, stream) = await SetUpAsync();
        var held = await CommentAsync(stream, writer, "spoiler!");
        var otherOwner = await _live.NewUserAsync();
        var elsewhere = await _live.LiveStreamIdAsync(otherOwner);
        var foreign = await CommentAsync(elsewhere, fan, "wrong room");

        foreach (var who in new[] { writer, fan, otherOwner })
            await (await ApproveAsync(stream, held, who)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ApproveAsync(stream, held, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await ApproveAsync(stream, foreign, owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ApproveAsync(stream, Guid.NewGuid(), owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        foreach (var bad in new[] { "nope", "%20", Guid.NewGuid().ToString() })
        {
            await (await _live.PostAsync($"/api/v1/live/{bad}/comments/{held}/approve", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _live.PostAsync($"/api/v1/live/{stream}/comments/{bad}/approve", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _live.GetAsync($"/api/v1/live/{bad}/comments/held", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        foreach (var query in new[] { "limit=0", "limit=51", "limit=x", "cursor=garbage" })
            await (await HeldResponseAsync(stream, owner, $"?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([held], await HeldAsync(stream, owner));
        Assert.Equal([foreign], await SeenByAsync(elsewhere, fan));
        Assert.Equal(0L, (await _live.StatsAsync(stream)).Comments);
        Assert.Equal(1L, (await _live.StatsAsync(elsewhere)).Comments);
    }

    [Fact]
    public async Task After_the_end_the_broadcaster_still_reviews_and_approves_as_it_still_deletes()
    {
        var (owner, writer, fan, stream) = await SetUpAsync();
        var held = await CommentAsync(stream, writer, "spoiler at the end");
        await (await _live.PostAsync($"/api/v1/live/{stream}/end", owner)).ReadJsonAsync();

        Assert.Equal([held], await HeldAsync(stream, owner));
        await (await ApproveAsync(stream, held, owner)).EnsureNoContentAsync();

        Assert.Equal([held], await SeenByAsync(stream, fan));
        Assert.Equal(1L, await CommentCountAsync(stream, fan));
        // The end is for good: an ended broadcast shows no pin, approved comment or not.
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{stream}/comments/{held}/pin", owner)).AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
