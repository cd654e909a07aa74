using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>Opening threads, the inbox folders, message requests and read marks.</summary>
[Collection(ApiCollection.Name)]
public sealed class ConversationTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    [Fact]
    public async Task A_pair_has_one_thread_whoever_opens_it_and_however_often()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();

        var first = await _dm.SendAsync(HttpMethod.Post, "/api/v1/conversations", a, new { userIds = new[] { b.Id } });
        var created = await first.ReadJsonAsync(HttpStatusCode.Created);
        var again = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _dm.SendAsync(HttpMethod.Post, "/api/v1/conversations", i % 2 == 0 ? a : b, new { userIds = new[] { i % 2 == 0 ? b.Id : a.Id } })));

        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/conversations/{id}", first.Headers.Location?.OriginalString);
        Assert.False(created.GetProperty("isGroup").GetBoolean());
        Assert.Equal(new[] { a.Id, b.Id }.Order(), created.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).Order());
        foreach (var response in again) Assert.Equal(id, (await response.ReadJsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(1L, await _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM conversations WHERE direct_key LIKE '%' || @a || '%' AND direct_key LIKE '%' || @b || '%'",
            new { a = a.Id.ToString(), b = b.Id.ToString() }));
    }

    [Fact]
    public async Task An_empty_thread_is_listed_only_for_the_one_who_opened_it()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(a, b);

        Assert.Equal([id], await _dm.FolderAsync(a));
        Assert.Empty(await _dm.FolderAsync(b));
        Assert.Empty(await _dm.FolderAsync(b, "requests"));

        await _dm.SayAsync(a, id, "hello");
        Assert.Equal([id], await _dm.FolderAsync(b, "requests"));
    }

    [Fact]
    public async Task A_muted_request_leaves_the_badge_as_a_muted_thread_does()
    {
        // isMuted keeps a thread out of the badge (docs/messages.md); the requests count ignored it, so a muted request
        // kept asking for attention (its push already honoured the mute).
        var (stranger, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var id = await _dm.DirectAsync(stranger, reader);
        await _dm.SayAsync(stranger, id, "hi, love your photos");
        Assert.Equal(1, (await _dm.GetJsonAsync("/api/v1/conversations/unread", reader)).GetProperty("requests").GetInt32());

        (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{id}", reader, new { isMuted = true })).EnsureSuccessStatusCode();

        var badge = await _dm.GetJsonAsync("/api/v1/conversations/unread", reader);
        Assert.Equal((0, 0), (badge.GetProperty("conversations").GetInt32(), badge.GetProperty("requests").GetInt32()));
        Assert.Equal([id], await _dm.FolderAsync(reader, "requests")); // still listed, as a muted inbox thread is
    }

    [Fact]
    public async Task A_stranger_writes_into_requests_and_answering_accepts_the_thread()
    {
        var stranger = await _dm.NewUserAsync();
        var reader = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(stranger, reader);
        var hello = await _dm.SayAsync(stranger, id, "hi, love your photos");

        Assert.Empty(await _dm.FolderAsync(reader));
        Assert.Equal([id], await _dm.FolderAsync(reader, "requests"));
        Assert.Equal("request", (await _dm.ThreadAsync(reader, id)).GetProperty("status").GetString());
        var badge = await _dm.GetJsonAsync("/api/v1/conversations/unread", reader);
        Assert.Equal((0, 1), (badge.GetProperty("conversations").GetInt32(), badge.GetProperty("requests").GetInt32()));

        // Reading a request is not shown to the sender.
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{id}/read", reader, new { messageId = hello })).EnsureNoContentAsync();
        Assert.Empty((await _dm.ThreadAsync(stranger, id)).GetProperty("readMarks").EnumerateArray());

        await _dm.SayAsync(reader, id, "thanks!");
        Assert.Equal([id], await _dm.FolderAsync(reader));
        Assert.Empty(await _dm.FolderAsync(reader, "requests"));
        var marks = (await _dm.ThreadAsync(stranger, id)).GetProperty("readMarks").EnumerateArray().ToList();
        Assert.Equal(reader.Id, Assert.Single(marks).GetProperty("userId").GetGuid());
    }

    /// <summary>
    /// A request's reading is never shown to its sender: after acceptance the mark it left shows as read at the acceptance,
    /// not at the time the request was read in private (before, that time came out with the mark), and the reader's own
    /// unread count stays as it was.
    /// </summary>
    [Fact]
    public async Task A_mark_left_while_a_request_shows_after_acceptance_as_read_then_not_when_it_was_read()
    {
        var stranger = await _dm.NewUserAsync();
        var reader = await _dm.NewUserAsync();
        var id = await _dm.DirectAsync(stranger, reader);
        var hello = await _dm.SayAsync(stranger, id, "hi, love your photos");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{id}/read", reader, new { messageId = hello })).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(2)); // within the access tokens' life
        var acceptedAt = Fowergram.Platform.Content.Timestamps.Now(app.Clock); // as stored: to the microsecond

        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/accept", reader)).EnsureNoContentAsync();

        var mark = Assert.Single((await _dm.ThreadAsync(stranger, id)).GetProperty("readMarks").EnumerateArray());
        Assert.Equal((reader.Id, hello), (mark.GetProperty("userId").GetGuid(), mark.GetProperty("messageId").GetGuid()));
        Assert.Equal(acceptedAt, mark.GetProperty("readAt").GetDateTimeOffset());
        Assert.Equal(0, (await _dm.ThreadAsync(reader, id)).GetProperty("unreadCount").GetInt32());
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/accept", reader)).EnsureNoContentAsync(); // again: no new time
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/accept", reader)).EnsureNoContentAsync();
        Assert.Equal(acceptedAt, Assert.Single((await _dm.ThreadAsync(stranger, id)).GetProperty("readMarks").EnumerateArray())
            .GetProperty("readAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Someone_who_follows_the_sender_gets_the_thread_in_the_inbox_and_accepting_moves_a_request()
    {
        var sender = await _dm.NewUserAsync();
        var follower = await _dm.NewUserAsync();
        var other = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(follower, sender);
        var toFollower = await _dm.DirectAsync(sender, follower);
        var toOther = await _dm.DirectAsync(sender, other);
        await _dm.SayAsync(sender, toFollower, "hey");
        await _dm.SayAsync(sender, toOther, "hey");

        Assert.Equal([toFollower], await _dm.FolderAsync(follower));
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{toOther}/accept", other)).EnsureNoContentAsync();
        Assert.Equal([toOther], await _dm.FolderAsync(other));
        Assert.Equal("accepted", (await _dm.ThreadAsync(other, toOther)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unread_counts_follow_the_read_mark_which_never_moves_back()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(b, a);
        var id = await _dm.DirectAsync(a, b);
        var one = await _dm.SayAsync(a, id, "one");
        var two = await _dm.SayAsync(a, id, "two");
        var three = await _dm.SayAsync(a, id, "three");

        Assert.Equal(3, (await _dm.ThreadAsync(b, id)).GetProperty("unreadCount").GetInt32());
        Assert.Equal(1, (await _dm.GetJsonAsync("/api/v1/conversations/unread", b)).GetProperty("conversations").GetInt32());
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{id}/read", b, new { messageId = two })).EnsureNoContentAsync();
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{id}/read", b, new { messageId = one })).EnsureNoContentAsync();
        var afterTwo = await _dm.ThreadAsync(b, id);
        var seen = (await _dm.ThreadAsync(a, id)).GetProperty("readMarks").EnumerateArray().Single();

        Assert.Equal(1, afterTwo.GetProperty("unreadCount").GetInt32());
        Assert.Equal((b.Id, two), (seen.GetProperty("userId").GetGuid(), seen.GetProperty("messageId").GetGuid()));
        Assert.Equal(0, (await _dm.ThreadAsync(a, id)).GetProperty("unreadCount").GetInt32()); // one's own messages are read

        await (await _dm.Posts.SendRawAsync(HttpMethod.Put, $"/api/v1/conversations/{id}/read", b, "", "application/json")).EnsureNoContentAsync();
        Assert.Equal(0, (await _dm.ThreadAsync(b, id)).GetProperty("unreadCount").GetInt32());
        Assert.Equal(three, (await _dm.ThreadAsync(a, id)).GetProperty("readMarks")[0].GetProperty("messageId").GetGuid());
        Assert.Equal(0, (await _dm.GetJsonAsync("/api/v1/conversations/unread", b)).GetProperty("conversations").GetInt32());
    }

    [Fact]
    public async Task The_inbox_lists_the_most_recently_active_thread_first_and_archiving_moves_it_aside()
    {
        var me = await _dm.NewUserAsync();
        var x = await _dm.NewUserAsync();
        var y = await _dm.NewUserAsync();
        var withX = await _dm.DirectAsync(me, x);
        var withY = await _dm.DirectAsync(me, y);
        await _dm.SayAsync(me, withY, "first");
        await _dm.SayAsync(me, withX, "second");

        Assert.Equal([withX, withY], await _dm.FolderAsync(me));
        var page = await _dm.GetJsonAsync("/api/v1/conversations?limit=1", me);
        Assert.Equal([withX], DmClient.Ids(page));
        Assert.Equal([withY], DmClient.Ids(await _dm.GetJsonAsync($"/api/v1/conversations?limit=1&cursor={page.GetProperty("nextCursor").GetString()}", me)));
        Assert.Equal("second", (await _dm.ThreadAsync(me, withX)).GetProperty("lastMessage").GetProperty("text").GetString());

        var archived = await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/conversations/{withX}", me, new { isArchived = true, isMuted = true })).ReadJsonAsync();
        Assert.True(archived.GetProperty("isArchived").GetBoolean() && archived.GetProperty("isMuted").GetBoolean());
        Assert.Equal([withY], await _dm.FolderAsync(me));
        Assert.Equal([withX], await _dm.FolderAsync(me, "archived"));
        Assert.Equal([withX], await _dm.FolderAsync(x, "requests")); // one side archiving hides nothing from the other
    }

    [Fact]
    public async Task Deleting_a_chat_for_oneself_hides_it_until_the_next_message_which_starts_it_afresh()
    {
        var a = await _dm.NewUserAsync();
        var b = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(b, a);
        var id = await _dm.DirectAsync(a, b);
        await _dm.SayAsync(a, id, "old news");

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/me", b)).EnsureNoContentAsync();
        await (await _dm.Posts.GetAsync($"/api/v1/conversations/{id}", b)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await _dm.FolderAsync(b));

        var fresh = await _dm.SayAsync(a, id, "are you there?");
        Assert.Equal([id], await _dm.FolderAsync(b));
        Assert.Equal([fresh], await _dm.MessageIdsAsync(b, id));
        Assert.Equal(2, (await _dm.MessageIdsAsync(a, id)).Count);
    }

    [Fact]
    public async Task Reopening_a_deleted_chat_while_the_other_side_sends_never_hides_that_message()
    {
        // Reopening did not wait for the thread: the peer's message, stamped under the thread's lock, committed after the
        // reopen had started the chat afresh at a later time, so it lay before the reopener's new start — in their thread
        // for good, and never shown to them. The reopen now takes the thread's lock first, as a send does.
        var (viewer, peer) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var id = await _dm.DirectAsync(viewer, peer);
        await _dm.SayAsync(viewer, id, "hi");
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{id}/participants/me", viewer)).EnsureNoContentAsync();

        var db = await TestDatabase.GetAsync();
        await using var holding = await db.OpenConnectionAsync();
        await using var tx = await holding.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holding, "SELECT 1 FROM users WHERE id = @id FOR UPDATE", new { id = peer.Id }, tx);
        var sending = _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", peer, new { text = "are you there?" });
        var senderPid = await TransactionRace.BlockedByAsync(db, holding.ProcessID, sending); // stamped, held at its insert
        Assert.NotNull(senderPid);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var reopening = _dm.SendAsync(HttpMethod.Post, "/api/v1/conversations", viewer, new { userIds = new[] { peer.Id } });
        await TransactionRace.BlockedByAsync(db, senderPid.Value, reopening); // waits for the send now; went ahead before
        await tx.CommitAsync();

        var sent = (await (await sending).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await reopening).StatusCode);
        Assert.Equal([sent], await _dm.MessageIdsAsync(viewer, id));
        Assert.Equal(1, (await _dm.ThreadAsync(viewer, id)).GetProperty("unreadCount").GetInt32());
    }
}
