using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// Pinned chats (migration 0137): up to three of one's inbox threads on top of the inbox's first page, the latest pinned
/// first, not repeated below; the caller's copy only; requests and archived threads refused; archiving, leaving and being
/// removed unpin; the limit holds under concurrent pins.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PinnedChatTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private Task<HttpResponseMessage> PinAsync(TestUser user, Guid thread) => _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/pin", user);

    private Task<HttpResponseMessage> UnpinAsync(TestUser user, Guid thread) => _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/pin", user);

    /// <summary>One-to-one threads of <paramref name="me"/> with new people, each with a message: the last is the most recently active.</summary>
    private async Task<List<Guid>> ThreadsAsync(TestUser me, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = await _dm.DirectAsync(me, await _dm.NewUserAsync());
            await _dm.SayAsync(me, id, $"hello {i}");
            ids.Add(id);
        }
        return ids;
    }

    private Task<long> PinnedCountAsync(TestUser user) =>
        _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM conversation_participants WHERE user_id = @id AND pinned_at IS NOT NULL", new { id = user.Id });

    private static bool IsPinned(JsonElement thread) => thread.GetProperty("isPinned").GetBoolean();

    [Fact]
    public async Task Pinned_threads_top_the_first_inbox_page_latest_pinned_first_and_are_not_repeated_below()
    {
        var me = await _dm.NewUserAsync();
        var t = await ThreadsAsync(me, 5); // t[4] is the most recently active
        await (await PinAsync(me, t[0])).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await PinAsync(me, t[2])).EnsureNoContentAsync();

        var first = await _dm.GetJsonAsync("/api/v1/conversations?limit=2", me);
        Assert.Equal([t[2], t[0], t[4], t[3]], DmClient.Ids(first));
        Assert.Equal([true, true, false, false], first.GetProperty("items").EnumerateArray().Select(IsPinned));
        var rest = await _dm.GetJsonAsync($"/api/v1/conversations?limit=2&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}", me);
        Assert.Equal([t[1]], DmClient.Ids(rest));
        Assert.False(rest.TryGetProperty("nextCursor", out _));

        // A new message in a pinned thread keeps it where its pin put it; unpinned, it takes its place by activity again.
        await _dm.SayAsync(me, t[0], "still on top");
        Assert.Equal([t[2], t[0], t[4], t[3], t[1]], await _dm.FolderAsync(me));
        await (await UnpinAsync(me, t[2])).EnsureNoContentAsync();
        Assert.Equal([t[0], t[4], t[3], t[2], t[1]], await _dm.FolderAsync(me));
        Assert.Empty(await _dm.FolderAsync(me, "archived"));
    }

    [Fact]
    public async Task Pin_and_unpin_are_idempotent_and_the_caller_s_own()
    {
        var me = await _dm.NewUserAsync();
        var friend = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(friend, me);
        var thread = await _dm.DirectAsync(me, friend);
        await _dm.SayAsync(me, thread, "hi");
        var other = (await ThreadsAsync(friend, 1))[0]; // newer than thread for the friend

        await (await PinAsync(me, thread)).EnsureNoContentAsync();
        var pinnedAt = await _dm.Posts.ScalarAsync<DateTime>("SELECT pinned_at FROM conversation_participants WHERE conversation_id = @thread AND user_id = @id",
            new { thread, id = me.Id });
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await PinAsync(me, thread)).EnsureNoContentAsync(); // again: the first pin's time stays
        Assert.Equal(pinnedAt, await _dm.Posts.ScalarAsync<DateTime>(
            "SELECT pinned_at FROM conversation_participants WHERE conversation_id = @thread AND user_id = @id", new { thread, id = me.Id }));
        Assert.True(IsPinned(await _dm.ThreadAsync(me, thread)));

        // The other participant's copy is untouched: not pinned, and their inbox by activity.
        Assert.False(IsPinned(await _dm.ThreadAsync(friend, thread)));
        Assert.Equal([other, thread], await _dm.FolderAsync(friend));
        Assert.Equal(0, await PinnedCountAsync(friend));

        var export = await (await _dm.Posts.GetAsync("/api/v1/users/me/export", me)).ReadJsonAsync();
        var exported = export.GetProperty("conversations").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == thread);
        Assert.True(exported.GetProperty("isPinned").GetBoolean());
        Assert.EndsWith("Z", exported.GetProperty("pinnedAt").GetString());

        await (await UnpinAsync(me, thread)).EnsureNoContentAsync();
        await (await UnpinAsync(me, thread)).EnsureNoContentAsync();
        Assert.False(IsPinned(await _dm.ThreadAsync(me, thread)));
        Assert.Equal(0, await PinnedCountAsync(me));
    }

    [Fact]
    public async Task A_fourth_pin_is_a_409_naming_the_limit_and_changes_nothing()
    {
        var me = await _dm.NewUserAsync();
        var t = await ThreadsAsync(me, 4);
        foreach (var thread in t.Take(3)) await (await PinAsync(me, thread)).EnsureNoContentAsync();
        const string Pins = "SELECT string_agg(conversation_id::text || coalesce(pinned_at::text, '-'), ',' ORDER BY conversation_id) FROM conversation_participants WHERE user_id = @id";
        var before = await _dm.Posts.ScalarAsync<string>(Pins, new { id = me.Id });

        var problem = await (await PinAsync(me, t[3])).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("3", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await _dm.Posts.ScalarAsync<string>(Pins, new { id = me.Id }));
        Assert.False(IsPinned(await _dm.ThreadAsync(me, t[3])));
        await (await UnpinAsync(me, t[0])).EnsureNoContentAsync();
        await (await PinAsync(me, t[3])).EnsureNoContentAsync();
    }

    [Fact]
    public async Task Pins_at_once_never_pass_three()
    {
        var me = await _dm.NewUserAsync();
        var t = await ThreadsAsync(me, 6);
        var answers = await Task.WhenAll(t.Select(thread => PinAsync(me, thread)));
        Assert.Equal([204, 204, 204, 409, 409, 409], answers.Select(a => (int)a.StatusCode).Order());
        Assert.Equal(3, await PinnedCountAsync(me));
    }

    [Fact]
    public async Task A_thread_the_caller_is_not_in_is_a_404()
    {
        var (a, b, outsider) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.DirectAsync(a, b);
        await _dm.SayAsync(a, thread, "just us");

        await (await PinAsync(outsider, thread)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await UnpinAsync(outsider, thread)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await PinAsync(a, Guid.CreateVersion7())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Put, "/api/v1/conversations/not-a-thread/pin", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Delete, "/api/v1/conversations/not-a-thread/pin", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await PinnedCountAsync(outsider));
    }

    [Fact]
    public async Task A_message_request_cannot_be_pinned_until_it_is_accepted()
    {
        var stranger = await _dm.NewUserAsync();
        var reader = await _dm.NewUserAsync();
        var thread = await _dm.DirectAsync(stranger, reader);
        await _dm.SayAsync(stranger, thread, "hi, love your photos");

        await (await PinAsync(reader, thread)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await UnpinAsync(reader, thread)).EnsureNoContentAsync(); // nothing to take down
        Assert.Equal(0, await PinnedCountAsync(reader));
        await (await PinAsync(stranger, thread)).EnsureNoContentAsync(); // the sender's copy is in their inbox

        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/accept", reader)).EnsureNoContentAsync();
        await (await PinAsync(reader, thread)).EnsureNoContentAsync();
        Assert.Equal([thread], await _dm.FolderAsync(reader));
    }

    [Fact]
    public async Task Archiving_unpins_and_an_archived_thread_cannot_be_pinned()
    {
        var me = await _dm.NewUserAsync();
        var thread = (await ThreadsAsync(me, 1))[0];
        await (await PinAsync(me, thread)).EnsureNoContentAsync();

        var archived = await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{thread}", me, new { isArchived = true })).ReadJsonAsync();
        Assert.False(IsPinned(archived));
        Assert.Equal([thread], await _dm.FolderAsync(me, "archived"));
        Assert.Empty(await _dm.FolderAsync(me));
        await (await PinAsync(me, thread)).AssertProblemAsync(HttpStatusCode.Conflict);

        var back = await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{thread}", me, new { isArchived = false })).ReadJsonAsync();
        Assert.False(IsPinned(back)); // unarchiving does not pin again
        await (await PinAsync(me, thread)).EnsureNoContentAsync();
        var muted = await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{thread}", me, new { isMuted = true })).ReadJsonAsync();
        Assert.True(IsPinned(muted)); // muting leaves the pin
    }

    [Fact]
    public async Task Leaving_being_removed_or_deleting_a_chat_drops_the_pin_and_frees_its_place()
    {
        var me = await _dm.NewUserAsync();
        var admin = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(me, admin);
        var left = await _dm.GroupAsync(admin, "left", me);
        var removedFrom = await _dm.GroupAsync(admin, "removed", me);
        var peer = await _dm.NewUserAsync();
        var deleted = await _dm.DirectAsync(me, peer);
        await _dm.SayAsync(me, deleted, "hello");
        foreach (var thread in new[] { left, removedFrom, deleted }) await (await PinAsync(me, thread)).EnsureNoContentAsync();

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{left}/participants/me", me)).EnsureNoContentAsync();
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{removedFrom}/participants/{me.Id}", admin)).EnsureNoContentAsync();
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{deleted}/participants/me", me)).EnsureNoContentAsync();

        Assert.Equal(0, await PinnedCountAsync(me));
        await (await PinAsync(me, left)).AssertProblemAsync(HttpStatusCode.NotFound);
        foreach (var thread in await ThreadsAsync(me, 3)) await (await PinAsync(me, thread)).EnsureNoContentAsync();

        // Coming back starts afresh: added to the group again, or the deleted chat returning with a message, is not pinned.
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{left}/participants", admin, new { userIds = new[] { me.Id } })).ReadJsonAsync();
        Assert.False(IsPinned(await _dm.ThreadAsync(me, left)));
        await _dm.SayAsync(peer, deleted, "are you there?");
        Assert.False(IsPinned(await _dm.ThreadAsync(me, deleted)));
        Assert.Equal(3, await PinnedCountAsync(me));
    }
}
