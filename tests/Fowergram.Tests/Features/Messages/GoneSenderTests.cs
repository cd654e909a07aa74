using System.Text.Json;
using Fowergram.Tests.Features.Media;
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
}
