using System.Net;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Content;

/// <summary>
/// Text that shows nothing is blank (TextRules.IsBlank; docs/api.md "Text limits"): every field that refuses white space only
/// refuses zero-width and other invisible characters alone too. Until session 54 a note, a comment or a message of zero-width
/// spaces (U+200B), word joiners (U+2060), byte order marks (U+FEFF) or a lone combining accent was accepted and shown as
/// an empty bubble.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class InvisibleTextTests(FowergramApp app)
{
    public static TheoryData<string> Invisible => new()
    {
        "\u200B", "\u200B\u2060\uFEFF", " \u200C\u200D ", "\u0301", "\u0301\u0308", "\u200E\u200F", "\u3164", "\uFE0F", "\U000E0041",
    };

    private readonly PostsClient _posts = new(app);
    private readonly DmClient _dm = new(app);

    [Theory]
    [MemberData(nameof(Invisible))]
    public void Invisible_characters_alone_are_blank(string text) => Assert.True(TextRules.IsBlank(text));

    [Theory]
    [InlineData("a")]
    [InlineData("\u200Bhi\u200B")]
    [InlineData("e\u0301")]
    [InlineData("\U0001F600")]
    [InlineData("\u0915\u094D\u200D")] // a Devanagari letter with its joiner
    public void A_visible_character_anywhere_is_not_blank(string text) => Assert.False(TextRules.IsBlank(text));

    [Theory]
    [MemberData(nameof(Invisible))]
    public async Task A_note_of_invisible_characters_is_a_400_and_sets_nothing(string text)
    {
        var user = await _posts.NewUserAsync();
        await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", user, new { text })).AssertValidationErrorAsync("text");
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM notes WHERE user_id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task A_comment_of_invisible_characters_is_a_400_and_writes_nothing()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author, "a photo");
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments", author, new { content = "\u200B\u2060 \uFEFF" }))
            .AssertValidationErrorAsync("content");
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM comments WHERE post_id = @post", new { post }));
    }

    [Fact]
    public async Task A_message_or_group_name_of_invisible_characters_is_a_400_and_writes_nothing()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/messages", a, new { text = "\u200B\u200B" }))
            .AssertValidationErrorAsync("text");
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM messages WHERE conversation_id = @thread", new { thread }));

        var c = await _dm.NewUserAsync();
        await (await _dm.SendAsync(HttpMethod.Post, "/api/v1/conversations", a, new { userIds = new[] { b.Id, c.Id }, name = "\u2060" }))
            .AssertValidationErrorAsync("name");
    }

    [Fact]
    public async Task A_hidden_word_of_invisible_characters_is_refused()
    {
        var user = await _posts.NewUserAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/hidden-words/{Uri.EscapeDataString("\u200B\u2060")}", user))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM hidden_words WHERE user_id = @id", new { id = user.Id }));
    }
}
