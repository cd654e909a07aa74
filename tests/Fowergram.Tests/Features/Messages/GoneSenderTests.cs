using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// A sender whose account is deleted (in its grace period) or suspended is shown as every other gone account is: not at all.
/// Its messages stay where they stood, but no read names it — the thread's pages, one message, both searches, quotes of it
/// and the inbox preview carry no sender — as the export writes their <c>from</c> as null. Brought back, it is named again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GoneSenderTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private static bool Named(JsonElement message, string property, Guid sender) =>
        message.TryGetProperty(property, out var s) && s.ValueKind != JsonValueKind.Null
            && (s.ValueKind == JsonValueKind.Object ? s.GetProperty("id").GetGuid() : s.GetGuid()) == sender;

    private static bool Unnamed(JsonElement message, string property) =>
        !message.TryGetProperty(property, out var s) || s.ValueKind == JsonValueKind.Null;

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    public async Task A_gone_senders_messages_stay_without_its_name_on_every_read_until_it_comes_back(string gone, string back)
    {
        var (a, b, c) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await _dm.Posts.FollowAsync(b, a);
        await _dm.Posts.FollowAsync(c, a);
        var group = await _dm.GroupAsync(a, "Boats", b, c);
        var said = await _dm.SayAsync(b, group, "meet at the pier");
        var reply = (await _dm.SendMessageAsync(c, group, new { text = "which pier?", replyToId = said })).GetProperty("id").GetGuid();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var last = await _dm.SayAsync(b, group, "the north pier");

        await _dm.Posts.ExecuteAsync(gone, new { id = b.Id });
        await AssertShownAsync(a, c, group, said, reply, last, b, named: false);

        await _dm.Posts.ExecuteAsync(back, new { id = b.Id });
        await AssertShownAsync(a, c, group, said, reply, last, b, named: true);
    }

    private async Task AssertShownAsync(TestUser reader, TestUser replier, Guid group, Guid said, Guid reply, Guid last, TestUser sender, bool named)
    {
        bool Shows(JsonElement message, string property) => named ? Named(message, property, sender.Id) : Unnamed(message, property);

        var page = (await _dm.GetJsonAsync($"/api/v1/conversations/{group}/messages", reader)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([last, reply, said], page.Select(m => m.GetProperty("id").GetGuid()));
        Assert.True(Shows(page[0], "sender") && Shows(page[2], "sender"), page[0].ToString());
        Assert.True(Named(page[1], "sender", replier.Id)); // a live sender is named as ever
        Assert.Equal("meet at the pier", page[2].GetProperty("text").GetString()); // what it said stays
        var quote = page[1].GetProperty("replyTo");
        Assert.Equal((said, "meet at the pier"), (quote.GetProperty("id").GetGuid(), quote.GetProperty("text").GetString()));
        Assert.True(Shows(quote, "senderId"), quote.ToString());

        Assert.True(Shows(await _dm.GetJsonAsync($"/api/v1/messages/{said}", reader), "sender"));
        var found = (await _dm.GetJsonAsync($"/api/v1/conversations/{group}/messages/search?q=pier", reader)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([last, reply, said], found.Select(m => m.GetProperty("id").GetGuid()));
        Assert.True(Shows(found[0], "sender") && Shows(found[2], "sender"));
        var everywhere = (await _dm.GetJsonAsync("/api/v1/conversations/messages/search?q=north%20pier", reader)).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("message")).Single(m => m.GetProperty("id").GetGuid() == last);
        Assert.True(Shows(everywhere, "sender"));

        var preview = (await _dm.ThreadAsync(reader, group)).GetProperty("lastMessage");
        Assert.Equal(last, preview.GetProperty("id").GetGuid());
        Assert.True(Shows(preview, "senderId"), preview.ToString());
        var listed = (await _dm.GetJsonAsync("/api/v1/conversations?folder=inbox&limit=50", reader)).GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("id").GetGuid() == group);
        Assert.True(Shows(listed.GetProperty("lastMessage"), "senderId"));
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task The_answers_of_writes_show_a_gone_sender_as_the_reads_do(string gone)
    {
        var (a, b, c) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await _dm.Posts.FollowAsync(b, a);
        await _dm.Posts.FollowAsync(c, a);
        var group = await _dm.GroupAsync(a, "Knots", b, c);
        var said = await _dm.SayAsync(b, group, "bowline");
        await _dm.Posts.ExecuteAsync(gone, new { id = b.Id });

        // A reaction answers with the message it reacted to; a quote of it answers with the reply; the thread's own answers
        // (an edit of one's copy, opening it again) carry its preview.
        var reacted = await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{said}/reaction", c, new { emoji = "❤️" })).ReadJsonAsync();
        Assert.Equal(said, reacted.GetProperty("id").GetGuid());
        Assert.True(Unnamed(reacted, "sender"), reacted.ToString());
        Assert.Equal("bowline", reacted.GetProperty("text").GetString());
        var quoting = await _dm.SendMessageAsync(c, group, new { text = "which one?", replyToId = said });
        Assert.True(Unnamed(quoting.GetProperty("replyTo"), "senderId"), quoting.ToString());
        Assert.True(Named(quoting, "sender", c.Id));
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{quoting.GetProperty("id").GetGuid()}", c)).EnsureNoContentAsync(); // b's is the newest again
        var muted = await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{group}", a, new { isMuted = true })).ReadJsonAsync();
        Assert.Equal(said, muted.GetProperty("lastMessage").GetProperty("id").GetGuid());
        Assert.True(Unnamed(muted.GetProperty("lastMessage"), "senderId"), muted.ToString());
    }

    [Fact]
    public async Task The_api_document_says_a_message_may_come_without_its_sender()
    {
        var response = await app.Client.GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var schemas = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["components"]!["schemas"]!;

        // Every shape that names a message's sender, as the document inlines it: the message (one message, a send's, an edit's
        // and a reaction's answers), a page of messages (a thread, a search in it), a search of all chats, a quote of a
        // message, and the inbox's preview. Each allows null there and none requires it.
        var shapes = new (string Path, string Member)[]
        {
            ("MessageView", "sender"), ("MessageViewPage/items", "sender"), ("MessageSearchHitPage/items/message", "sender"),
            ("MessageView/replyTo", "senderId"), ("ConversationView/lastMessage", "senderId"), ("ConversationViewPage/items/lastMessage", "senderId"),
        };
        foreach (var (path, member) in shapes)
        {
            var steps = path.Split('/');
            var schema = schemas[steps[0]]!;
            foreach (var step in steps.Skip(1))
                schema = step == "items" ? schema["properties"]!["items"]!["items"]! : schema["properties"]![step]!;
            Assert.True(schema["properties"]?[member]?["type"] is JsonArray types && types.Any(t => (string?)t == "null"),
                $"{path}.{member}: {schema.ToJsonString()}");
            Assert.DoesNotContain(member, (schema["required"]?.AsArray() ?? []).Select(r => (string?)r));
        }
    }
}
