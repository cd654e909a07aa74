using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// Notes (migration 0109): one a day per account, shown to mutual followers or to close friends, the caller's own first;
/// a new note replaces the last and its likes; likes idempotent and only on notes the liker is shown.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoteTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<Guid> NoteAsync(TestUser author, string text, string? audience = null)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return (await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text, audience }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<List<JsonElement>> TrayAsync(TestUser viewer) =>
        (await (await _posts.GetAsync("/api/v1/notes", viewer)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    private async Task<List<string>> TextsAsync(TestUser viewer) => (await TrayAsync(viewer)).Select(n => n.GetProperty("text").GetString()!).ToList();

    private async Task MutualsAsync(TestUser a, TestUser b)
    {
        await _posts.FollowAsync(a, b);
        await _posts.FollowAsync(b, a);
    }

    [Fact]
    public async Task The_tray_shows_the_callers_note_first_then_mutuals_and_close_friends_notes_newest_first()
    {
        var (me, mutual, fan, star, bestie) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(),
            await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await MutualsAsync(me, mutual);
        await _posts.FollowAsync(fan, me);   // fan follows me, I do not follow back
        await _posts.FollowAsync(me, star);  // I follow star, star does not follow back
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/close-friends/{me.Username}", bestie)).EnsureNoContentAsync();
        await MutualsAsync(me, bestie);

        await NoteAsync(mutual, "coffee?");
        await NoteAsync(fan, "not for you");
        await NoteAsync(star, "nor this");
        await NoteAsync(bestie, "besties only", "close_friends");
        await NoteAsync(me, "working late");

        var tray = await TrayAsync(me);
        Assert.Equal(["working late", "besties only", "coffee?"], tray.Select(n => n.GetProperty("text").GetString()));
        Assert.Equal(("mutuals", 0L), (tray[0].GetProperty("audience").GetString(), tray[0].GetProperty("likeCount").GetInt64()));
        Assert.False(tray[1].TryGetProperty("audience", out _)); // someone else's audience and likes are theirs
        Assert.Equal(["coffee?"], await TextsAsync(await MutualOfAsync(mutual)));

        // Off their list, not shown; unfollowed, not mutual.
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/close-friends/{me.Username}", bestie)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{me.Username}/follow", mutual)).EnsureNoContentAsync();
        Assert.Equal(["working late"], await TextsAsync(me));
    }

    /// <summary>A fresh account mutual with <paramref name="author"/> and nobody else.</summary>
    private async Task<TestUser> MutualOfAsync(TestUser author)
    {
        var other = await _posts.NewUserAsync();
        await MutualsAsync(other, author);
        return other;
    }

    [Fact]
    public async Task A_new_note_replaces_the_last_and_its_likes_and_a_note_lasts_a_day()
    {
        var (author, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await MutualsAsync(author, friend);
        var first = await NoteAsync(author, "first");
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{first}/like", friend)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{first}/like", friend)).EnsureNoContentAsync();
        var liked = (await TrayAsync(author)).Single();
        Assert.Equal(1L, liked.GetProperty("likeCount").GetInt64());
        Assert.True((await TrayAsync(friend)).Single().GetProperty("isLiked").GetBoolean());

        var second = await NoteAsync(author, "second");
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM note_likes WHERE note_id = @first", new { first }));
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{first}/like", friend)).AssertProblemAsync(HttpStatusCode.NotFound);
        var shown = (await TrayAsync(friend)).Single();
        Assert.Equal((second, false), (shown.GetProperty("id").GetGuid(), shown.GetProperty("isLiked").GetBoolean()));

        await _posts.ExecuteAsync("UPDATE notes SET created_at = created_at - interval '25 hours', expires_at = expires_at - interval '25 hours' WHERE id = @second",
            new { second });
        Assert.Empty(await TrayAsync(friend));
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{second}/like", friend)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_notes_and_likes_are_refused_and_change_nothing()
    {
        var (author, stranger) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        foreach (var body in new object[] { new { text = "" }, new { text = new string('x', 61) }, new { text = "two\nlines" }, new { text = "two\u2028lines" },
                     new { text = "two\u2029paragraphs" }, new { text = "ok", audience = "everyone" } })
            await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, body)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", null, new { text = "hi" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM notes WHERE user_id = @id", new { id = author.Id }));

        var note = await NoteAsync(author, new string('é', 60)); // sixty characters fit
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{note}/like", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{note}/like", author)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/notes/not-a-note/like", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM note_likes WHERE note_id = @note", new { note }));

        await (await _posts.SendAsync(HttpMethod.Delete, "/api/v1/users/me/note", author)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, "/api/v1/users/me/note", author)).EnsureNoContentAsync();
        Assert.Empty(await TrayAsync(author));
    }
}
