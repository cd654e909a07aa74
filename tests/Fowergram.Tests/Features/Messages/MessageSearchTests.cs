using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>Searching one thread: GET /conversations/{id}/messages/search?q= (docs/messages.md "Search in a chat").</summary>
[Collection(ApiCollection.Name)]
public sealed class MessageSearchTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private async Task<List<Guid>> FindAsync(TestUser reader, Guid conversationId, string q, string extra = "") =>
        DmClient.Ids(await _dm.GetJsonAsync($"/api/v1/conversations/{conversationId}/messages/search?q={Uri.EscapeDataString(q)}{extra}", reader));

    [Fact]
    public async Task It_finds_the_threads_messages_holding_the_words_in_any_case_newest_first_in_pages()
    {
        var (a, b) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var id = await _dm.DirectAsync(a, b);
        var first = await _dm.SayAsync(a, id, "Dinner on Friday?");
        await _dm.SayAsync(b, id, "sure");
        var second = await _dm.SayAsync(b, id, "FRIDAY works, 8pm");
        var third = await _dm.SayAsync(a, id, "see you friday!");
        var elsewhere = await _dm.DirectAsync(a, await _dm.NewUserAsync());
        await _dm.SayAsync(a, elsewhere, "friday in another chat");

        Assert.Equal([third, second, first], await FindAsync(b, id, "friday"));
        Assert.Empty(await FindAsync(b, id, "saturday"));

        var page = await _dm.GetJsonAsync($"/api/v1/conversations/{id}/messages/search?q=friday&limit=2", a);
        Assert.Equal([third, second], DmClient.Ids(page));
        Assert.Equal("see you friday!", page.GetProperty("items")[0].GetProperty("text").GetString());
        var cursor = Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!);
        Assert.Equal([first], await FindAsync(a, id, "friday", $"&limit=2&cursor={cursor}"));
    }

    [Fact]
    public async Task Wildcards_are_plain_characters_and_unsent_or_earlier_messages_are_never_found()
    {
        var (a, b, late) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var id = await _dm.GroupAsync(a, "plans", b);
        var percent = await _dm.SayAsync(a, id, "100% sure");
        await _dm.SayAsync(a, id, "100 percent sure");
        var unsent = await _dm.SayAsync(b, id, "the secret word");
        Assert.Equal(HttpStatusCode.NoContent, (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{unsent}", b)).StatusCode);
        await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/participants", b, new { userIds = new[] { late.Id } });
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = await _dm.SayAsync(a, id, "welcome, 100% new");

        Assert.Equal([after, percent], await FindAsync(b, id, "0% "));
        Assert.Empty(await FindAsync(b, id, "secret"));
        Assert.Equal([after], await FindAsync(late, id, "100%"));
        Assert.Empty(await FindAsync(a, id, "_00"));
    }

    [Fact]
    public async Task Outsiders_get_404_and_bad_terms_are_400s_naming_q()
    {
        var (a, b, outsider) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var id = await _dm.DirectAsync(a, b);
        await _dm.SayAsync(a, id, "hello there");

        await (await _dm.Posts.GetAsync($"/api/v1/conversations/{id}/messages/search?q=hello", outsider)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.Posts.GetAsync($"/api/v1/conversations/{Guid.NewGuid()}/messages/search?q=hello", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _dm.Posts.GetAsync($"/api/v1/conversations/{id}/messages/search?q=hello", null)).StatusCode);
        foreach (var query in new[] { "", "?q=", "?q=%20h%20", $"?q={new string('x', 101)}" })
            await (await _dm.Posts.GetAsync($"/api/v1/conversations/{id}/messages/search{query}", a)).AssertValidationErrorAsync("q");
        await (await _dm.Posts.GetAsync($"/api/v1/conversations/{id}/messages/search?q=hello&limit=0", a)).AssertValidationErrorAsync("limit");
    }
}
