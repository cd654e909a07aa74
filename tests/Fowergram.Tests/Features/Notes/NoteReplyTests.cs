using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// Replies to notes (migration 0114): a direct message to the note's author in their one-to-one thread, quoting the note,
/// which outlives the note; only a note the caller is shown can be answered.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoteReplyTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);
    private PostsClient Posts => _dm.Posts;

    private async Task<Guid> NoteAsync(TestUser author, string text, string? audience = null) =>
        (await (await Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text, audience }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private Task<HttpResponseMessage> ReplyAsync(TestUser? replier, Guid note, object body) =>
        Posts.SendAsync(HttpMethod.Post, $"/api/v1/notes/{note}/replies", replier, body);

    private async Task<(TestUser Author, TestUser Friend)> MutualsAsync()
    {
        var (author, friend) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await Posts.FollowAsync(author, friend);
        await Posts.FollowAsync(friend, author);
        return (author, friend);
    }

    [Fact]
    public async Task A_reply_is_a_message_in_the_direct_thread_that_keeps_the_notes_words_after_the_note_is_gone()
    {
        var (author, friend) = await MutualsAsync();
        var note = await NoteAsync(author, "beach this weekend?");

        var sent = await (await ReplyAsync(friend, note, new { text = "  count me in  " })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(("note_reply", "count me in", "beach this weekend?"), (sent.GetProperty("type").GetString(),
            sent.GetProperty("text").GetString(), sent.GetProperty("quotedNote").GetString()));
        var thread = sent.GetProperty("conversationId").GetGuid();
        Assert.Equal([thread], await _dm.FolderAsync(author)); // the author follows the friend: straight into the inbox

        // The same thread as the direct one, and the quote stays when the note is replaced.
        Assert.Equal(thread, await _dm.DirectAsync(friend, author));
        await NoteAsync(author, "never mind");
        var read = await _dm.GetJsonAsync($"/api/v1/conversations/{thread}/messages", author);
        var message = Assert.Single(read.GetProperty("items").EnumerateArray());
        Assert.Equal("beach this weekend?", message.GetProperty("quotedNote").GetString());
        await (await ReplyAsync(friend, note, new { text = "too late?" })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_a_note_the_caller_is_shown_can_be_answered_and_bad_replies_send_nothing()
    {
        var (author, friend) = await MutualsAsync();
        var stranger = await _dm.NewUserAsync();
        var note = await NoteAsync(author, "new job!");

        await (await ReplyAsync(stranger, note, new { text = "congrats" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReplyAsync(author, note, new { text = "me" })).AssertValidationErrorAsync("id");
        await (await ReplyAsync(friend, note, new { })).AssertValidationErrorAsync("text");
        await (await ReplyAsync(friend, note, new { text = new string('x', 2001) })).AssertValidationErrorAsync("text");
        await (await ReplyAsync(friend, Guid.NewGuid(), new { text = "hi" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReplyAsync(null, note, new { text = "hi" })).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM messages WHERE message_type = 'note_reply' AND sender_id = ANY(@ids)",
            new { ids = new[] { author.Id, friend.Id, stranger.Id } }));
    }

    [Fact]
    public async Task A_close_friends_reply_lands_among_requests_when_the_author_does_not_follow_them()
    {
        var (author, bestie) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/close-friends/{bestie.Username}", author)).EnsureNoContentAsync();
        var note = await NoteAsync(author, "secret plans", "close_friends");

        var sent = await (await ReplyAsync(bestie, note, new { text = "tell me!" })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal([sent.GetProperty("conversationId").GetGuid()], await _dm.FolderAsync(author, "requests"));
    }
}
