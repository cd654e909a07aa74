using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>Searching all of one's chats: GET /conversations/messages/search?q= (docs/messages.md "Search in all chats").</summary>
[Collection(ApiCollection.Name)]
public sealed class AllChatsSearchTests(FowergramApp app)
{
    private const string Route = "/api/v1/conversations/messages/search";
    private readonly DmClient _dm = new(app);

    private Task<JsonElement> SearchAsync(TestUser reader, string q, string extra = "") =>
        _dm.GetJsonAsync($"{Route}?q={Uri.EscapeDataString(q)}{extra}", reader);

    private async Task<List<Guid>> FindAsync(TestUser reader, string q) => MessageIds(await SearchAsync(reader, q));

    private static List<Guid> MessageIds(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("message").GetProperty("id").GetGuid()).ToList();

    private async Task LeaveAsync(TestUser user, Guid thread) =>
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/participants/me", user)).EnsureNoContentAsync();

    [Fact]
    public async Task It_finds_the_words_in_every_chat_newest_first_in_pages_each_with_its_thread()
    {
        var (me, ann, bo, cy) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var withAnn = await _dm.DirectAsync(me, ann);
        var trip = await _dm.GroupAsync(me, "Beach trip", ann, bo, cy);
        var withBo = await _dm.DirectAsync(bo, me);
        var first = await _dm.SayAsync(ann, withAnn, "Dinner on Friday?");
        await _dm.SayAsync(me, withAnn, "sure");
        var second = await _dm.SayAsync(bo, trip, "FRIDAY works for the beach");
        var third = await _dm.SayAsync(bo, withBo, "see you friday!");
        var fourth = await _dm.SayAsync(me, trip, "friday it is");
        var strangers = await _dm.DirectAsync(ann, bo);
        await _dm.SayAsync(ann, strangers, "friday without me");

        Assert.Equal([fourth, third, second, first], await FindAsync(me, "friday"));
        Assert.Empty(await FindAsync(me, "saturday"));

        var page = await SearchAsync(me, "friday", "&limit=3");
        Assert.Equal([fourth, third, second], MessageIds(page));
        var hit = page.GetProperty("items")[1];
        Assert.Equal("see you friday!", hit.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(withBo, hit.GetProperty("message").GetProperty("conversationId").GetGuid());
        Assert.Equal(bo.Id, hit.GetProperty("message").GetProperty("sender").GetProperty("id").GetGuid());
        var direct = hit.GetProperty("conversation");
        Assert.Equal(withBo, direct.GetProperty("id").GetGuid());
        Assert.False(direct.GetProperty("isGroup").GetBoolean());
        Assert.False(direct.TryGetProperty("name", out _));
        Assert.Equal([bo.Username], direct.GetProperty("others").EnumerateArray().Select(o => o.GetProperty("username").GetString()));
        Assert.Equal(1, direct.GetProperty("otherCount").GetInt32());
        var group = page.GetProperty("items")[0].GetProperty("conversation");
        Assert.Equal((trip, true, "Beach trip", 3), (group.GetProperty("id").GetGuid(), group.GetProperty("isGroup").GetBoolean(),
            group.GetProperty("name").GetString(), group.GetProperty("otherCount").GetInt32()));
        Assert.Equal(new[] { ann.Id, bo.Id, cy.Id }.Order(), group.GetProperty("others").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).Order());

        var cursor = Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!);
        var last = await SearchAsync(me, "friday", $"&limit=3&cursor={cursor}");
        Assert.Equal([first], MessageIds(last));
        Assert.False(last.TryGetProperty("nextCursor", out _));
    }

    [Fact]
    public async Task Only_the_messages_the_caller_can_read_in_the_threads_they_are_in_are_found()
    {
        var (me, ann, bo) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var others = await _dm.DirectAsync(ann, bo);
        await _dm.SayAsync(ann, others, "pineapple between others");

        var left = await _dm.GroupAsync(ann, "left", me, bo);
        await _dm.SayAsync(ann, left, "pineapple before I left");
        await LeaveAsync(me, left);
        await _dm.SayAsync(ann, left, "pineapple after I left");

        var deleted = await _dm.DirectAsync(me, bo);
        await _dm.SayAsync(bo, deleted, "old pineapple");
        await LeaveAsync(me, deleted);
        Assert.Empty(await FindAsync(me, "pineapple"));
        var back = await _dm.SayAsync(bo, deleted, "new pineapple"); // the chat comes back, from this message on

        var late = await _dm.GroupAsync(ann, "late", bo);
        await _dm.SayAsync(bo, late, "pineapple before I joined");
        await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{late}/participants", ann, new { userIds = new[] { me.Id } });
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var joined = await _dm.SayAsync(bo, late, "pineapple after I joined");

        var unsent = await _dm.SayAsync(ann, late, "pineapple unsent");
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{unsent}", ann)).EnsureNoContentAsync();
        var removed = await _dm.SayAsync(ann, late, "pineapple taken down");
        await _dm.Posts.ExecuteAsync("UPDATE messages SET message_type = 'removed', content = NULL WHERE id = @removed", new { removed });

        Assert.Equal([joined, back], await FindAsync(me, "pineapple"));
    }

    [Fact]
    public async Task Requests_are_searched_but_hidden_ones_and_those_from_someone_blocked_are_not()
    {
        var (me, stranger, spammer, blocked, friend) =
            (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await (await _dm.SendAsync(HttpMethod.Put, "/api/v1/users/me/hidden-words/crypto", me)).EnsureNoContentAsync();
        var request = await _dm.SayAsync(stranger, await _dm.DirectAsync(stranger, me), "a mango for you");
        await _dm.SayAsync(spammer, await _dm.DirectAsync(spammer, me), "crypto mango");
        await _dm.SayAsync(blocked, await _dm.DirectAsync(blocked, me), "mango from someone I blocked");
        await _dm.Posts.BlockAsync(me, blocked);
        var withFriend = await _dm.DirectAsync(me, friend);
        var archived = await _dm.SayAsync(friend, withFriend, "archived mango");
        await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{withFriend}", me, new { isArchived = true })).ReadJsonAsync();
        await _dm.Posts.BlockAsync(friend, me); // a thread of one's own keeps its history past a block, as the inbox does

        Assert.Equal([archived, request], await FindAsync(me, "mango"));
    }

    [Fact]
    public async Task Wildcards_are_plain_characters_and_short_terms_are_found_too()
    {
        var (me, ann) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.DirectAsync(me, ann);
        var percent = await _dm.SayAsync(ann, thread, "100% sure");
        await _dm.SayAsync(ann, thread, "100 percent sure");
        var underscore = await _dm.SayAsync(me, thread, "snake_case wins");

        Assert.Equal([percent], await FindAsync(me, "0% "));
        Assert.Equal([underscore], await FindAsync(me, "e_c"));
        Assert.Empty(await FindAsync(me, "_00"));
        Assert.Empty(await FindAsync(me, "1%0"));
        Assert.Equal([underscore], await FindAsync(me, "WI"));
    }

    [Fact]
    public async Task Bad_terms_are_400s_naming_q_and_guests_get_401()
    {
        var me = await _dm.NewUserAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await _dm.Posts.GetAsync($"{Route}?q=hello", null)).StatusCode);
        foreach (var query in new[] { "", "?q=", "?q=%20h%20", $"?q={new string('x', 101)}" })
            await (await _dm.Posts.GetAsync($"{Route}{query}", me)).AssertValidationErrorAsync("q");
        await (await _dm.Posts.GetAsync($"{Route}?q=hello&limit=0", me)).AssertValidationErrorAsync("limit");
        await (await _dm.Posts.GetAsync($"{Route}?q=hello&cursor=nope", me)).AssertValidationErrorAsync("cursor");
        Assert.Empty(await FindAsync(me, new string('x', 100)));
    }

    [Fact]
    public async Task The_terms_length_counts_characters_not_utf16_units()
    {
        var (me, ann) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.DirectAsync(me, ann);
        var ring = await _dm.SayAsync(ann, thread, "the ring 💍💍 is here");
        await (await _dm.Posts.GetAsync($"{Route}?q={Uri.EscapeDataString("💍")}", me)).AssertValidationErrorAsync("q");
        Assert.Equal([ring], await FindAsync(me, "💍💍"));
        Assert.Empty(await FindAsync(me, string.Concat(Enumerable.Repeat("💍", 100))));
        await (await _dm.Posts.GetAsync($"{Route}?q={Uri.EscapeDataString(string.Concat(Enumerable.Repeat("💍", 101)))}", me))
            .AssertValidationErrorAsync("q");
    }
}
