using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>Reliability checklist 9, 11 and 12: threads are their participants' alone, and blocks stop messages.</summary>
[Collection(ApiCollection.Name)]
public sealed class DmIsolationTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private const string Snapshot = """
        SELECT (SELECT string_agg(user_id::text || coalesce(left_at::text, '-') || status || is_admin || coalesce(pinned_at::text, '-'), ',' ORDER BY user_id)
                  FROM conversation_participants WHERE conversation_id = @id)
            || (SELECT string_agg(content, ',') FROM messages WHERE conversation_id = @id)
            || (SELECT coalesce(group_name, '') FROM conversations WHERE id = @id)
        """;

    [Fact]
    public async Task Someone_outside_a_thread_gets_404_on_every_route_and_changes_nothing()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var outsider = await _dm.NewUserAsync();
        var id = await _dm.GroupAsync(a, "private", b);
        var message = await _dm.SayAsync(a, id, "for us only");
        var before = await _dm.Posts.ScalarAsync<string>(Snapshot, new { id });

        var calls = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/conversations/{id}", null),
            (HttpMethod.Patch, $"/api/v1/conversations/{id}", new { name = "mine", isArchived = true }),
            (HttpMethod.Post, $"/api/v1/conversations/{id}/accept", null),
            (HttpMethod.Put, $"/api/v1/conversations/{id}/pin", null),
            (HttpMethod.Delete, $"/api/v1/conversations/{id}/pin", null),
            (HttpMethod.Put, $"/api/v1/conversations/{id}/read", new { messageId = message }),
            (HttpMethod.Post, $"/api/v1/conversations/{id}/participants", new { userIds = new[] { Guid.CreateVersion7() } }),
            (HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/{b.Id}", null),
            (HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/me", null),
            (HttpMethod.Get, $"/api/v1/conversations/{id}/messages", null),
            (HttpMethod.Post, $"/api/v1/conversations/{id}/messages", new { text = "let me in" }),
            (HttpMethod.Get, $"/api/v1/messages/{message}", null),
            (HttpMethod.Patch, $"/api/v1/messages/{message}", new { text = "edited" }),
            (HttpMethod.Delete, $"/api/v1/messages/{message}", null),
        };
        foreach (var (method, path, body) in calls)
        {
            var response = await _dm.SendAsync(method, path, outsider, body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
        }

        foreach (var folder in new[] { "inbox", "requests", "archived" }) Assert.Empty(await _dm.FolderAsync(outsider, folder));
        Assert.Equal(before, await _dm.Posts.ScalarAsync<string>(Snapshot, new { id }));

        // Checklist 12: a list of the outsider's own threads, one shared with a member of the group, shows that thread alone
        // and none of the group's words — its last message included.
        var own = await _dm.DirectAsync(outsider, b);
        await _dm.SayAsync(outsider, own, "just us two");
        var inbox = await _dm.GetJsonAsync("/api/v1/conversations?folder=inbox&limit=50", outsider);
        Assert.Equal([own], DmClient.Ids(inbox));
        Assert.DoesNotContain("for us only", inbox.GetRawText());
    }

    /// <summary>
    /// Someone who left a group (or was removed) is an outsider again on every route, reactions, admins, vanish mode and
    /// search included; and a member naming a message of another of their threads (a quote, a read mark) gets a 404.
    /// </summary>
    [Fact]
    public async Task Someone_who_left_a_group_and_ids_from_another_thread_get_404_and_change_nothing()
    {
        var (a, b, gone) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await _dm.Posts.FollowAsync(b, a);
        var id = await _dm.GroupAsync(a, "private", b, gone);
        var mine = await _dm.SayAsync(gone, id, "my own words");
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{mine}/reaction", b, new { emoji = "🔥" })).ReadJsonAsync();
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/me", gone)).EnsureNoContentAsync();
        var message = await _dm.SayAsync(a, id, "after you left");
        var before = await _dm.Posts.ScalarAsync<string>(Snapshot, new { id });

        var calls = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/conversations/{id}", null),
            (HttpMethod.Get, $"/api/v1/conversations/{id}/messages", null),
            (HttpMethod.Get, $"/api/v1/conversations/{id}/messages/search?q=words", null),
            (HttpMethod.Get, $"/api/v1/messages/{mine}", null),
            (HttpMethod.Get, $"/api/v1/messages/{message}", null),
            (HttpMethod.Patch, $"/api/v1/messages/{mine}", new { text = "rewritten" }),
            (HttpMethod.Delete, $"/api/v1/messages/{mine}", null),
            (HttpMethod.Put, $"/api/v1/messages/{message}/reaction", new { emoji = "😂" }),
            (HttpMethod.Delete, $"/api/v1/messages/{message}/reaction", null),
            (HttpMethod.Put, $"/api/v1/conversations/{id}/read", new { messageId = message }),
            (HttpMethod.Put, $"/api/v1/conversations/{id}/admins/{b.Id}", null),
            (HttpMethod.Delete, $"/api/v1/conversations/{id}/admins/me", null),
            (HttpMethod.Put, $"/api/v1/conversations/{id}/vanish-mode", null),
            (HttpMethod.Put, $"/api/v1/conversations/{id}/pin", null),
            (HttpMethod.Patch, $"/api/v1/conversations/{id}", new { isMuted = true }),
            (HttpMethod.Post, $"/api/v1/conversations/{id}/participants", new { userIds = new[] { a.Id } }),
            (HttpMethod.Post, $"/api/v1/conversations/{id}/messages", new { text = "back door" }),
        };
        foreach (var (method, path, body) in calls)
        {
            var response = await _dm.SendAsync(method, path, gone, body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
        }
        var hits = await _dm.GetJsonAsync("/api/v1/conversations/messages/search?q=words", gone);
        Assert.Empty(hits.GetProperty("items").EnumerateArray());

        // A member's other thread: its messages are no quote and no read mark here.
        var elsewhere = await _dm.DirectAsync(b, a);
        var foreign = await _dm.SayAsync(a, elsewhere, "other thread");
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", b, new { text = "re", replyToId = foreign }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{id}/read", b, new { messageId = foreign }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await _dm.Posts.ScalarAsync<string>(Snapshot, new { id }));
    }

    [Fact]
    public async Task A_block_either_way_refuses_new_threads_and_messages_but_keeps_the_history()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(a, b);
        var earlier = await _dm.SayAsync(a, id, "before");
        await _dm.Posts.BlockAsync(b, a);

        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", a, new { text = "why?" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", b, new { text = "bye" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _dm.SendAsync(HttpMethod.Post, "/api/v1/conversations", a, new { userIds = new[] { b.Id }, name = "new group" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Post, "/api/v1/conversations", b, new { userIds = new[] { a.Id } })).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal([earlier], await _dm.MessageIdsAsync(a, id));
        Assert.Equal(1L, await _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM messages WHERE conversation_id = @id", new { id }));
    }

    [Fact]
    public async Task A_block_either_way_refuses_reactions_in_a_one_to_one_but_not_taking_one_back()
    {
        // Sends were refused past a block, reactions were not: the blocked account kept reaching the blocker with emoji on
        // their messages (reliability checklist 9: their DM calls to the blocker are refused).
        var (a, b) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var id = await _dm.DirectAsync(a, b);
        var fromA = await _dm.SayAsync(a, id, "hi");
        var fromB = await _dm.SayAsync(b, id, "hello");
        (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{fromA}/reaction", b, new { emoji = "👍" })).EnsureSuccessStatusCode();
        await _dm.Posts.FollowAsync(b, a); // the group is not a request for b, who reacts in it
        var group = await _dm.GroupAsync(a, "club", b, await _dm.NewUserAsync());
        var inGroup = await _dm.SayAsync(a, group, "welcome");
        await _dm.Posts.BlockAsync(a, b);

        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{fromA}/reaction", b, new { emoji = "😡" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{fromB}/reaction", a, new { emoji = "😡" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("👍", await _dm.Posts.ScalarAsync<string>("SELECT string_agg(emoji, ',') FROM message_reactions WHERE message_id = ANY(@ids)",
            new { ids = new[] { fromA, fromB } }));
        Assert.Equal(HttpStatusCode.NoContent, (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{fromA}/reaction", b)).StatusCode);

        // A group is not closed by a block between two of its members, and neither are its reactions.
        (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{inGroup}/reaction", b, new { emoji = "🎉" })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_block_either_way_refuses_edits_in_a_one_to_one_but_not_unsending()
    {
        // Past a block the blocked side could still rewrite what the blocker reads, within the edit window.
        var (a, b) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var id = await _dm.DirectAsync(a, b);
        var fromB = await _dm.SayAsync(b, id, "hello");
        var alsoFromB = await _dm.SayAsync(b, id, "how are you?");
        await _dm.Posts.BlockAsync(a, b);

        await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/messages/{fromB}", b, new { text = "something rude" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("hello|false", await _dm.Posts.ScalarAsync<string>("SELECT content || '|' || is_edited FROM messages WHERE id = @fromB", new { fromB }));
        Assert.Equal(HttpStatusCode.NoContent, (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{alsoFromB}", b)).StatusCode);
    }

    [Fact]
    public async Task A_request_from_someone_blocked_since_disappears_from_the_requests()
    {
        var spammer = await _dm.NewUserAsync();
        var target = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(spammer, target);
        await _dm.SayAsync(spammer, id, "buy followers");
        Assert.Equal([id], await _dm.FolderAsync(target, "requests"));

        await _dm.Posts.BlockAsync(target, spammer);

        Assert.Empty(await _dm.FolderAsync(target, "requests"));
        Assert.Equal(0, (await _dm.GetJsonAsync("/api/v1/conversations/unread", target)).GetProperty("requests").GetInt32());
    }

    [Fact]
    public async Task A_request_in_a_chat_one_opened_oneself_from_someone_blocked_since_disappears_too()
    {
        // The rule asked whether the thread's creator was blocked: a one-to-one the recipient had opened, deleted for
        // themselves and got back as a request from the other side kept showing that request (and its badge and search
        // hits) after they blocked its sender, since the creator was the recipient themselves.
        var target = await _dm.NewUserAsync();
        var spammer = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(target, spammer);
        await _dm.SayAsync(target, id, "hi, is the bike still for sale?");
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/me", target)).EnsureNoContentAsync();
        await _dm.SayAsync(spammer, id, "buy followers cheap");
        Assert.Equal([id], await _dm.FolderAsync(target, "requests"));

        await _dm.Posts.BlockAsync(target, spammer);

        Assert.Empty(await _dm.FolderAsync(target, "requests"));
        Assert.Equal(0, (await _dm.GetJsonAsync("/api/v1/conversations/unread", target)).GetProperty("requests").GetInt32());
        Assert.Empty((await _dm.GetJsonAsync("/api/v1/conversations/messages/search?q=followers", target)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Deactivated_accounts_can_not_be_messaged_or_added()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(a, b);
        var group = await _dm.GroupAsync(a, "g", await _dm.NewUserAsync());
        await _dm.Posts.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = b.Id });

        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", a, new { text = "hello?" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{group}/participants", a, new { userIds = new[] { b.Id } }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", b, new { text = "still here" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
