using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// Hidden words (migration 0106): the account's list (PUT/DELETE /users/me/hidden-words/{word}, GET) and comments on its
/// posts and reels that contain one, held for review like a restricted account's (HeldCommentContract).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HiddenWordsApiTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<HttpResponseMessage> HideAsync(TestUser? user, string word, HttpMethod? method = null) =>
        _posts.SendAsync(method ?? HttpMethod.Put, $"/api/v1/users/me/hidden-words/{Uri.EscapeDataString(word)}", user);

    private async Task<List<string>> WordsAsync(TestUser user) =>
        (await (await _posts.GetAsync("/api/v1/users/me/hidden-words", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(w => w.GetProperty("word").GetString()!).ToList();

    private async Task<Guid> CommentAsync(TestUser user, string kind, Guid thing, string content)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/{kind}/{thing}/comments", user, new { content }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<List<Guid>> ListAsync(string path, TestUser viewer) =>
        (await (await _posts.GetAsync(path, viewer)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task Words_are_stored_normalized_once_listed_alphabetically_and_removed_idempotently()
    {
        var me = await _posts.NewUserAsync();
        await (await HideAsync(me, "  Spoiler   Alert ")).EnsureNoContentAsync();
        await (await HideAsync(me, "spoiler alert")).EnsureNoContentAsync();
        await (await HideAsync(me, "🍑")).EnsureNoContentAsync();
        await (await HideAsync(me, "Boring")).EnsureNoContentAsync();

        Assert.Equal(["boring", "spoiler alert", "🍑"], await WordsAsync(me));
        await (await HideAsync(me, "BORING", HttpMethod.Delete)).EnsureNoContentAsync();
        await (await HideAsync(me, "boring", HttpMethod.Delete)).EnsureNoContentAsync();
        Assert.Equal(["spoiler alert", "🍑"], await WordsAsync(me));
        Assert.Empty(await WordsAsync(await _posts.NewUserAsync()));
    }

    [Fact]
    public async Task A_word_is_counted_in_characters_as_the_table_counts_them()
    {
        // 100 emoji are 100 characters (the CHECK's char_length) but 200 UTF-16 units: refused as too long before the fix.
        var me = await _posts.NewUserAsync();
        var peaches = string.Concat(Enumerable.Repeat("\U0001F351", 100));
        await (await HideAsync(me, peaches)).EnsureNoContentAsync();
        await (await HideAsync(me, peaches + "\U0001F351")).AssertValidationErrorAsync("word");
        Assert.Equal([peaches], await WordsAsync(me));
    }

    [Fact]
    public async Task Bad_words_and_callers_are_refused_and_the_limit_holds()
    {
        var me = await _posts.NewUserAsync();
        await (await HideAsync(null, "word")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _posts.GetAsync("/api/v1/users/me/hidden-words", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        foreach (var bad in new[] { "   ", new string('x', 101), "bell\u0007", "a/b" })
            await (await HideAsync(me, bad)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await HideAsync(me, "a/b", HttpMethod.Delete)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty(await WordsAsync(me));

        await _posts.ExecuteAsync("INSERT INTO hidden_words (user_id, word) SELECT @id, 'w' || i FROM generate_series(1, 500) i", new { id = me.Id });
        await (await HideAsync(me, "one more")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await HideAsync(me, "w1")).EnsureNoContentAsync(); // already hidden: no new row, no conflict
        Assert.Equal(500, (await WordsAsync(me)).Count);
    }

    [Fact]
    public async Task A_comment_with_a_hidden_word_is_held_on_the_owners_posts_and_reels_only()
    {
        var (owner, fan, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await (await HideAsync(owner, "spoiler")).EnsureNoContentAsync();
        await (await HideAsync(owner, "🍑")).EnsureNoContentAsync();
        var post = await _posts.PostIdAsync(owner);
        var reel = await new ReelsClient(app).ReelIdAsync(owner);

        var heldOnPost = await CommentAsync(fan, "posts", post, "SPOILER: it was a dream");
        var emoji = await CommentAsync(fan, "posts", post, "nice 🍑🍑");
        var shown = await CommentAsync(fan, "posts", post, "no spoilers here, promise");
        var owners = await CommentAsync(owner, "posts", post, "my own spoiler");
        var heldOnReel = await CommentAsync(fan, "reels", reel, "spoiler!");
        var elsewhere = await CommentAsync(fan, "posts", await _posts.PostIdAsync(other), "spoiler");

        Assert.Equal([owners, shown], await ListAsync($"/api/v1/posts/{post}/comments", other));
        Assert.Equal([owners, shown, emoji, heldOnPost], await ListAsync($"/api/v1/posts/{post}/comments", fan));
        Assert.Equal([emoji, heldOnPost], await ListAsync($"/api/v1/posts/{post}/comments/held", owner));
        Assert.Equal([heldOnReel], await ListAsync($"/api/v1/reels/{reel}/comments/held", owner));
        Assert.Equal([elsewhere], await ListAsync($"/api/v1/posts/{await _posts.ScalarAsync<Guid>("SELECT post_id FROM comments WHERE id = @elsewhere", new { elsewhere })}/comments", owner));

        // Removing the word does not release what it held: the owner decides.
        await (await HideAsync(owner, "spoiler", HttpMethod.Delete)).EnsureNoContentAsync();
        Assert.Equal([emoji, heldOnPost], await ListAsync($"/api/v1/posts/{post}/comments/held", owner));
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments/{heldOnPost}/approve", owner)).EnsureNoContentAsync();
        Assert.Equal([owners, shown, heldOnPost], await ListAsync($"/api/v1/posts/{post}/comments", other));
    }

    [Fact]
    public async Task A_word_is_one_word_whichever_unicode_form_either_side_typed_it_in()
    {
        // "é" is one code point (U+00E9, most keyboards) or "e" + U+0301 (macOS and some keyboards); they look the same.
        var (owner, fan, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await (await HideAsync(owner, "Cafe\u0301")).EnsureNoContentAsync();
        await (await HideAsync(owner, "caf\u00e9")).EnsureNoContentAsync();
        await (await HideAsync(owner, "nai\u0308ve")).EnsureNoContentAsync();
        Assert.Equal(["caf\u00e9", "na\u00efve"], await WordsAsync(owner));
        var post = await _posts.PostIdAsync(owner);

        var composed = await CommentAsync(fan, "posts", post, "what a caf\u00e9");
        var decomposed = await CommentAsync(fan, "posts", post, "so nai\u0308ve");
        var shown = await CommentAsync(fan, "posts", post, "a cafeteria");

        Assert.Equal([shown], await ListAsync($"/api/v1/posts/{post}/comments", other));
        Assert.Equal([decomposed, composed], await ListAsync($"/api/v1/posts/{post}/comments/held", owner));
        await (await HideAsync(owner, "NAI\u0308VE", HttpMethod.Delete)).EnsureNoContentAsync();
        Assert.Equal(["caf\u00e9"], await WordsAsync(owner));
    }
}
