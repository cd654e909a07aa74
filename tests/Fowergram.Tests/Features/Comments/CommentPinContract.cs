using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// Pinned comments, the same for posts, reels and long-form videos (pinned_at, migrations 0100 and 0101; CommentPinning): the
/// thing's author pins up to three top-level comments, which lead the first page of the list; the pages after it hold the
/// rest, each comment once.
/// </summary>
public abstract class CommentPinContract(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    /// <summary>The route segment (posts, reels, videos) and the comments table with its column naming the thing.</summary>
    protected abstract string Kind { get; }
    protected abstract string Table { get; }
    protected abstract string Column { get; }

    /// <summary>A fresh, visible thing of <paramref name="owner"/>'s.</summary>
    protected abstract Task<Guid> ThingAsync(TestUser owner);

    /// <summary>Every consumer has processed the events about the thing.</summary>
    protected abstract Task SettleAsync(Guid thingId);

    private Task<long> PinNoticesAsync(Guid commentId) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE type = 'comment_pin' AND entity_id = @commentId", new { commentId });

    private async Task<Guid> CommentAsync(TestUser user, Guid postId, string content, Guid? parentId = null) =>
        (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/{Kind}/{postId}/comments", user, new { content, parentId }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private Task<HttpResponseMessage> PinAsync(TestUser? user, Guid postId, Guid commentId, HttpMethod? method = null) =>
        _posts.SendAsync(method ?? HttpMethod.Put, $"/api/v1/{Kind}/{postId}/comments/{commentId}/pin", user);

    private async Task<List<(Guid Id, bool Pinned)>> ListAsync(Guid postId, TestUser? viewer, int limit)
    {
        var all = new List<(Guid, bool)>();
        string? cursor = null;
        do
        {
            var query = cursor is null ? $"?limit={limit}" : $"?limit={limit}&cursor={cursor}";
            var page = await (await _posts.GetAsync($"/api/v1/{Kind}/{postId}/comments{query}", viewer)).ReadJsonAsync();
            all.AddRange(page.GetProperty("items").EnumerateArray().Select(c => (c.GetProperty("id").GetGuid(), c.GetProperty("isPinned").GetBoolean())));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        } while (cursor is not null);
        return all;
    }

    [Fact]
    public async Task Pinned_comments_lead_the_first_page_most_recent_pin_first_and_every_comment_appears_once()
    {
        var author = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        var post = await ThingAsync(author);
        var comments = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            comments.Add(await CommentAsync(fan, post, $"comment {i}"));
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        await (await PinAsync(author, post, comments[0])).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await PinAsync(author, post, comments[2])).EnsureNoContentAsync();
        await (await PinAsync(author, post, comments[2])).EnsureNoContentAsync(); // idempotent: keeps its first pin's time

        var listed = await ListAsync(post, null, limit: 2);
        Assert.Equal([(comments[2], true), (comments[0], true), (comments[4], false), (comments[3], false), (comments[1], false)], listed);

        await (await PinAsync(author, post, comments[2], HttpMethod.Delete)).EnsureNoContentAsync();
        await (await PinAsync(author, post, comments[2], HttpMethod.Delete)).EnsureNoContentAsync();
        Assert.Equal([comments[0], comments[4], comments[3], comments[2], comments[1]], (await ListAsync(post, fan, limit: 20)).Select(c => c.Id));
    }

    [Fact]
    public async Task Only_the_things_author_pins_only_top_level_comments_and_at_most_three()
    {
        var author = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        var post = await ThingAsync(author);
        var top = new List<Guid>();
        for (var i = 0; i < 4; i++) top.Add(await CommentAsync(fan, post, $"top {i}"));
        var reply = await CommentAsync(author, post, "thanks", top[0]);
        var otherPost = await ThingAsync(author);

        await (await PinAsync(fan, post, top[0])).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await PinAsync(null, post, top[0])).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await PinAsync(author, otherPost, top[0])).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await PinAsync(author, post, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await PinAsync(author, post, reply)).AssertProblemAsync(HttpStatusCode.Conflict);
        foreach (var comment in top.Take(3)) await (await PinAsync(author, post, comment)).EnsureNoContentAsync();
        await (await PinAsync(author, post, top[3])).AssertProblemAsync(HttpStatusCode.Conflict);

        // A deleted pinned comment frees its place.
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/{Kind}/{post}/comments/{top[1]}", author)).EnsureNoContentAsync();
        await (await PinAsync(author, post, top[3])).EnsureNoContentAsync();
        Assert.Equal(3L, await _posts.ScalarAsync<long>(
            $"SELECT count(*) FROM {Table} WHERE {Column} = @post AND pinned_at IS NOT NULL AND deleted_at IS NULL", new { post }));
    }

    [Theory]
    [InlineData("UPDATE users SET is_active = false WHERE id = @writer")]
    [InlineData("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@author, @writer)")]
    [InlineData("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@writer, @author)")]
    public async Task A_pin_the_author_can_no_longer_see_gives_up_its_place_to_a_new_one(string hideWriter)
    {
        var author = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        var gone = await _posts.NewUserAsync();
        var thing = await ThingAsync(author);
        var kept = new[] { await CommentAsync(fan, thing, "one"), await CommentAsync(fan, thing, "two") };
        var hidden = await CommentAsync(gone, thing, "three");
        var next = await CommentAsync(fan, thing, "four");
        foreach (var comment in kept.Append(hidden))
        {
            await (await PinAsync(author, thing, comment)).EnsureNoContentAsync();
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        await _posts.ExecuteAsync(hideWriter, new { writer = gone.Id, author = author.Id });
        // The author's list shows two pins: a third may be pinned, and the hidden one lets go of its place for it.
        Assert.Equal(kept.Reverse(), (await ListAsync(thing, author, limit: 20)).Where(c => c.Pinned).Select(c => c.Id));
        await (await PinAsync(author, thing, next)).EnsureNoContentAsync();

        Assert.Equal([next, kept[1], kept[0]], (await ListAsync(thing, author, limit: 20)).Where(c => c.Pinned).Select(c => c.Id));
        Assert.Equal((3L, false), (await _posts.ScalarAsync<long>(
                $"SELECT count(*) FROM {Table} WHERE {Column} = @thing AND pinned_at IS NOT NULL", new { thing }),
            await _posts.ScalarAsync<bool>($"SELECT pinned_at IS NOT NULL FROM {Table} WHERE id = @hidden", new { hidden })));
        // A comment whose writer the author cannot see is not theirs to pin (it would hold a place they cannot see): 404.
        await (await PinAsync(author, thing, hidden)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pins_racing_for_the_last_places_never_pass_the_limit()
    {
        var author = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        var post = await ThingAsync(author);
        var comments = new List<Guid>();
        for (var i = 0; i < 8; i++) comments.Add(await CommentAsync(fan, post, $"c{i}"));

        var pins = await Task.WhenAll(comments.Select(c => PinAsync(author, post, c)));

        Assert.Equal(3, pins.Count(r => r.StatusCode == HttpStatusCode.NoContent));
        Assert.Equal(5, pins.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(3L, await _posts.ScalarAsync<long>($"SELECT count(*) FROM {Table} WHERE {Column} = @post AND pinned_at IS NOT NULL", new { post }));
    }

    [Fact]
    public async Task A_pin_racing_the_comments_deletion_waits_for_it_and_answers_404_raising_nothing()
    {
        var author = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        var thing = await ThingAsync(author);
        var comment = await CommentAsync(fan, thing, "soon gone");

        // What the writer's DELETE of the comment does, up to its commit.
        await using var deleter = await _posts.Db.OpenConnectionAsync();
        await using var deletion = await deleter.BeginTransactionAsync();
        await deleter.ExecuteAsync($"SELECT id FROM {Table} WHERE id = @comment FOR NO KEY UPDATE", new { comment }, deletion);
        await deleter.ExecuteAsync($"UPDATE {Table} SET deleted_at = now(), updated_at = now() WHERE id = @comment", new { comment }, deletion);

        var pin = PinAsync(author, thing, comment);
        Assert.NotNull(await TransactionRace.BlockedByAsync(_posts.Db, deleter.ProcessID, pin));
        await deletion.CommitAsync();

        await (await pin).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'comment.pinned' AND payload->>'commentId' = @id", new { id = comment.ToString() }));
    }

    [Fact]
    public async Task The_comments_author_hears_once_that_it_was_pinned_and_nobody_hears_of_an_own_or_withdrawn_pin()
    {
        var author = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        var thing = await ThingAsync(author);
        var fans = await CommentAsync(fan, thing, "first!");
        var own = await CommentAsync(author, thing, "thanks all");
        var withdrawn = await CommentAsync(fan, thing, "second");

        await (await PinAsync(author, thing, fans)).EnsureNoContentAsync();
        await (await PinAsync(author, thing, fans)).EnsureNoContentAsync(); // already pinned: no second event
        await (await PinAsync(author, thing, own)).EnsureNoContentAsync();
        await (await PinAsync(author, thing, withdrawn)).EnsureNoContentAsync();
        await (await PinAsync(author, thing, withdrawn, HttpMethod.Delete)).EnsureNoContentAsync();
        await SettleAsync(thing);

        Assert.Equal((1L, 0L, 0L), (await PinNoticesAsync(fans), await PinNoticesAsync(own), await PinNoticesAsync(withdrawn)));
        var notices = await (await _posts.GetAsync("/api/v1/notifications", fan)).ReadJsonAsync();
        var notice = notices.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("type").GetString() == "comment_pin");
        Assert.Equal((fans, $"{author.Username} pinned your comment."), (notice.GetProperty("entityId").GetGuid(), notice.GetProperty("text").GetString()));
    }
}
