using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Messages;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// Vanish mode (migration 0142): either side of an accepted one-to-one turns it on or off for both; messages sent while it is on
/// are marked and cannot be edited; message-vanish deletes them once the recipient's read mark passed them and either the mark
/// stood still for Messages:VanishAfterRead (backdated here, the shared clock stays) or vanish mode ended; never unread ones.
/// The Server host also runs the job on its own timer, so every assertion holds whether or not it ran meanwhile.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VanishModeTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private IScheduledJob Job => app.Services.GetServices<IScheduledJob>().Single(j => j.Name == MessageVanishJob.JobName);

    private Task RunJobAsync() => Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);

    private Task<HttpResponseMessage> OnAsync(TestUser user, Guid thread) => _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/vanish-mode", user);

    private Task<HttpResponseMessage> OffAsync(TestUser user, Guid thread) =>
        _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/vanish-mode", user);

    /// <summary>Two people who follow each other, in their one-to-one (accepted on both sides).</summary>
    private async Task ReadAsync(TestUser reader, Guid thread, Guid messageId) =>
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", reader, new { messageId })).EnsureNoContentAsync();

    /// <summary>The reader "left the chat": their read mark has not moved for longer than Messages:VanishAfterRead.</summary>
    private Task LeaveAsync(TestUser reader, Guid thread) => _dm.Posts.ExecuteAsync(
        "UPDATE conversation_participants SET read_at = read_at - interval '2 minutes' WHERE conversation_id = @thread AND user_id = @id",
        new { thread, id = reader.Id });

    private Task<bool> ExistsAsync(Guid messageId) => _dm.Posts.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM messages WHERE id = @messageId)", new { messageId });

    private Task<DateTime?> SinceAsync(Guid thread) =>
        _dm.Posts.ScalarAsync<DateTime?>("SELECT vanish_mode_since FROM conversations WHERE id = @thread", new { thread });

    private static bool Vanishes(JsonElement message) => message.GetProperty("vanishes").GetBoolean();

    private static string? Since(JsonElement thread) => thread.TryGetProperty("vanishModeSince", out var since) ? since.GetString() : null;

    [Fact]
    public async Task Either_side_turns_it_on_and_off_for_both_idempotently()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        Assert.Null(Since(await _dm.ThreadAsync(a, thread)));

        await (await OnAsync(a, thread)).EnsureNoContentAsync();
        var since = await SinceAsync(thread);
        Assert.NotNull(since);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await OnAsync(b, thread)).EnsureNoContentAsync(); // on already: the first time stays
        Assert.Equal(since, await SinceAsync(thread));
        var seenByA = Since(await _dm.ThreadAsync(a, thread));
        Assert.NotNull(seenByA);
        Assert.Equal(since!.Value, DateTimeOffset.Parse(seenByA, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime);
        Assert.Equal(seenByA, Since(await _dm.ThreadAsync(b, thread)));
        var listed = (await _dm.GetJsonAsync("/api/v1/conversations", a)).GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == thread);
        Assert.Equal(seenByA, Since(listed));

        await (await OffAsync(b, thread)).EnsureNoContentAsync();
        await (await OffAsync(b, thread)).EnsureNoContentAsync();
        await (await OffAsync(a, thread)).EnsureNoContentAsync();
        Assert.Null(await SinceAsync(thread));
        Assert.Null(Since(await _dm.ThreadAsync(a, thread)));
        Assert.Null(Since(await _dm.ThreadAsync(b, thread)));
    }

    [Fact]
    public async Task Groups_and_requests_are_409_and_outsiders_404_changing_nothing()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        var group = await _dm.GroupAsync(a, "crew", b);
        await (await OnAsync(a, group)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await OffAsync(b, group)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Null(await SinceAsync(group));

        var (stranger, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var request = await _dm.DirectAsync(stranger, reader);
        await _dm.SayAsync(stranger, request, "hi, love your photos");
        await (await OnAsync(reader, request)).AssertProblemAsync(HttpStatusCode.Conflict); // the reader's copy is a request
        await (await OnAsync(stranger, request)).AssertProblemAsync(HttpStatusCode.Conflict); // the other side's is
        await (await OffAsync(reader, request)).EnsureNoContentAsync(); // off already: nothing to refuse
        Assert.Null(await SinceAsync(request));
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{request}/accept", reader)).EnsureNoContentAsync();
        await (await OnAsync(stranger, request)).EnsureNoContentAsync();

        var outsider = await _dm.NewUserAsync();
        await (await OnAsync(outsider, thread)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await OffAsync(outsider, request)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await OnAsync(a, Guid.CreateVersion7())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Put, "/api/v1/conversations/not-a-thread/vanish-mode", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Delete, "/api/v1/conversations/not-a-thread/vanish-mode", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Null(await SinceAsync(thread));
        Assert.NotNull(await SinceAsync(request)); // the outsider's DELETE did not turn it off

        // Someone who deleted the chat for themselves is out of it until the next message: a 404, as GET /conversations/{id}.
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/participants/me", b)).EnsureNoContentAsync();
        await (await OnAsync(b, thread)).AssertProblemAsync(HttpStatusCode.NotFound);
        // A block refuses turning it on, as it refuses sending; turning it off stays open.
        await _dm.Posts.BlockAsync(stranger, reader);
        await (await OffAsync(reader, request)).EnsureNoContentAsync();
        await (await OnAsync(reader, request)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Null(await SinceAsync(request));
    }

    [Fact]
    public async Task Messages_sent_while_it_is_on_vanish_and_cannot_be_edited_before_and_after_do_not()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        var before = await _dm.SayAsync(a, thread, "normal");
        await (await OnAsync(b, thread)).EnsureNoContentAsync();
        var fromA = await _dm.SendMessageAsync(a, thread, new { text = "now you see me", replyToId = before });
        Assert.True(Vanishes(fromA));
        var during = fromA.GetProperty("id").GetGuid();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1)); // one message per millisecond: read marks compare (time, id)
        var fromB = await _dm.SayAsync(b, thread, "me too");

        var page = (await _dm.GetJsonAsync($"/api/v1/conversations/{thread}/messages", b)).GetProperty("items").EnumerateArray()
            .ToDictionary(m => m.GetProperty("id").GetGuid(), Vanishes);
        Assert.Equal(new Dictionary<Guid, bool> { [before] = false, [during] = true, [fromB] = true }, page);
        Assert.True(Vanishes(await _dm.GetJsonAsync($"/api/v1/messages/{fromB}", a)));
        var edit = await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/messages/{during}", a, new { text = "changed" });
        Assert.Contains("vanish", (await edit.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Equal("now you see me", (await _dm.GetJsonAsync($"/api/v1/messages/{during}", b)).GetProperty("text").GetString());
        var reacted = await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{during}/reaction", b, new { emoji = "❤️" })).ReadJsonAsync();
        Assert.True(Vanishes(reacted)); // reactions are allowed, as on Instagram

        // Until it vanishes it is the account's like any message: the export carries it, marked.
        var export = await (await _dm.Posts.GetAsync("/api/v1/users/me/export", a)).ReadJsonAsync();
        var exported = export.GetProperty("conversations").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == thread);
        Assert.NotEqual(JsonValueKind.Null, exported.GetProperty("vanishModeSince").ValueKind);
        var messages = exported.GetProperty("messages").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetGuid(), m => m.GetProperty("vanishes").GetBoolean());
        Assert.Equal(new Dictionary<Guid, bool> { [before] = false, [during] = true, [fromB] = true }, messages);

        // Off: what each side read vanishes (b answered `during`, a's next message marks `fromB` read); what follows stays.
        await (await OffAsync(a, thread)).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = await _dm.SayAsync(a, thread, "normal again");
        Assert.False(Vanishes(await _dm.GetJsonAsync($"/api/v1/messages/{after}", b)));
        await (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/messages/{after}", a, new { text = "edited" })).ReadJsonAsync();
        Assert.Equal([after, before], await _dm.MessageIdsAsync(b, thread));
    }

    [Fact]
    public async Task Read_messages_vanish_after_the_reader_left_and_unread_ones_never_do()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        var kept = await _dm.SayAsync(a, thread, "not in vanish mode");
        await (await OnAsync(a, thread)).EnsureNoContentAsync();
        var slot = await _dm.Posts.UploadAsync(a, purpose: "message");
        var photo = (await _dm.SendMessageAsync(a, thread, new { uploadId = slot.UploadId })).GetProperty("id").GetGuid();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var read = await _dm.SayAsync(a, thread, "read me");
        var later = await _dm.SayAsync(a, thread, "read me later");
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{read}/reaction", b, new { emoji = "😂" })).ReadJsonAsync();
        await ReadAsync(b, thread, read);

        // b just read: still in the chat, nothing vanishes.
        await RunJobAsync();
        Assert.True(await ExistsAsync(read) && await ExistsAsync(photo));

        await LeaveAsync(b, thread);
        await RunJobAsync();
        Assert.False(await ExistsAsync(photo));
        Assert.False(await ExistsAsync(read));
        Assert.True(await ExistsAsync(later)); // not read yet
        Assert.True(await ExistsAsync(kept));
        await (await _dm.Posts.GetAsync($"/api/v1/messages/{read}", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.True(await _dm.Posts.ScalarAsync<bool>("SELECT released_at IS NOT NULL FROM uploads WHERE id = @id", new { id = slot.UploadId }));
        Assert.Equal(0L, await _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM message_reactions WHERE message_id = @read", new { read }));

        // b answers, quoting it: answering marks it read, and b is plainly still in the chat.
        var answer = (await _dm.SendMessageAsync(b, thread, new { text = "seen", replyToId = later })).GetProperty("id").GetGuid();
        await RunJobAsync();
        Assert.True(await ExistsAsync(later));
        await LeaveAsync(b, thread);
        await RunJobAsync();
        Assert.False(await ExistsAsync(later));
        Assert.Equal([answer, kept], await _dm.MessageIdsAsync(a, thread));
        Assert.False((await _dm.GetJsonAsync($"/api/v1/messages/{answer}", a)).TryGetProperty("replyTo", out _)); // the quote went with it

        // a never reads b's answer: it stays, whether vanish mode is on or off.
        await LeaveAsync(a, thread);
        await RunJobAsync();
        Assert.True(await ExistsAsync(answer));
        await (await OffAsync(b, thread)).EnsureNoContentAsync();
        await RunJobAsync();
        Assert.True(await ExistsAsync(answer));
    }

    /// <summary>
    /// The rule is read-time, not the job's: a message that has vanished by it is gone from every read at once, although its row
    /// is still there (a lock held here makes the job skip it, as it skips rows a reaction or an unsend holds).
    /// </summary>
    [Fact]
    public async Task A_vanished_message_is_gone_from_every_read_before_the_job_deletes_it()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        var kept = await _dm.SayAsync(a, thread, "not in vanish mode");
        await (await OnAsync(a, thread)).EnsureNoContentAsync();
        var gone = await _dm.SayAsync(a, thread, "vanishing words");
        app.Clock.Advance(TimeSpan.FromMilliseconds(1)); // one message per millisecond: read marks compare (time, id)
        var answer = (await _dm.SendMessageAsync(b, thread, new { text = "seen", replyToId = gone })).GetProperty("id").GetGuid();
        Assert.Equal(gone, (await _dm.GetJsonAsync($"/api/v1/messages/{answer}", a)).GetProperty("replyTo").GetProperty("id").GetGuid());

        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var held = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM messages WHERE id = ANY(@ids) FOR SHARE", new { ids = new[] { gone, answer } }, held);
        await LeaveAsync(b, thread); // b read `gone` (answering marks it) and left: it has vanished; `answer` is unread by a

        foreach (var reader in new[] { a, b })
        {
            Assert.Equal([answer, kept], await _dm.MessageIdsAsync(reader, thread));
            await (await _dm.Posts.GetAsync($"/api/v1/messages/{gone}", reader)).AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Empty(DmClient.Ids(await _dm.GetJsonAsync($"/api/v1/conversations/{thread}/messages/search?q=vanishing", reader)));
            Assert.Empty((await _dm.GetJsonAsync("/api/v1/conversations/messages/search?q=vanishing", reader)).GetProperty("items").EnumerateArray());
            Assert.False((await _dm.GetJsonAsync($"/api/v1/messages/{answer}", reader)).TryGetProperty("replyTo", out _));
            Assert.Equal(answer, (await _dm.ThreadAsync(reader, thread)).GetProperty("lastMessage").GetProperty("id").GetGuid());
            await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{gone}/reaction", reader, new { emoji = "❤️" })).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{gone}/reaction", reader)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/messages", reader, new { text = "re", replyToId = gone }))
                .AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", reader, new { messageId = gone }))
                .AssertProblemAsync(HttpStatusCode.NotFound);
            var export = await (await _dm.Posts.GetAsync("/api/v1/users/me/export", reader)).ReadJsonAsync();
            var exported = export.GetProperty("conversations").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == thread)
                .GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();
            Assert.Equal([kept, answer], exported);
        }
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{gone}", a)).AssertProblemAsync(HttpStatusCode.NotFound);

        // a reads the answer and leaves too: the thread's preview falls back to the last message that stays.
        await ReadAsync(a, thread, answer);
        await LeaveAsync(a, thread);
        foreach (var reader in new[] { a, b })
        {
            Assert.Equal([kept], await _dm.MessageIdsAsync(reader, thread));
            Assert.Equal(kept, (await _dm.ThreadAsync(reader, thread)).GetProperty("lastMessage").GetProperty("id").GetGuid());
            var listed = (await _dm.GetJsonAsync("/api/v1/conversations", reader)).GetProperty("items").EnumerateArray()
                .Single(t => t.GetProperty("id").GetGuid() == thread);
            Assert.Equal(kept, listed.GetProperty("lastMessage").GetProperty("id").GetGuid());
        }
        Assert.True(await ExistsAsync(gone) && await ExistsAsync(answer)); // only the reads left them out

        await held.CommitAsync();
        await RunJobAsync();
        Assert.False(await ExistsAsync(gone));
        Assert.False(await ExistsAsync(answer));
    }

    [Fact]
    public async Task Turning_it_off_lets_read_messages_vanish_at_once_and_a_new_session_does_not_hold_the_old_one()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        await (await OnAsync(a, thread)).EnsureNoContentAsync();
        var first = await _dm.SayAsync(a, thread, "one");
        var second = await _dm.SayAsync(a, thread, "two");
        await ReadAsync(b, thread, first);
        await RunJobAsync();
        Assert.True(await ExistsAsync(first)); // read just now, vanish mode on: b is still in the chat

        await (await OffAsync(b, thread)).EnsureNoContentAsync();
        await RunJobAsync();
        Assert.False(await ExistsAsync(first));
        Assert.True(await ExistsAsync(second)); // never before it is read
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await OnAsync(b, thread)).EnsureNoContentAsync(); // a new session
        var third = await _dm.SayAsync(a, thread, "three");
        await ReadAsync(b, thread, third);
        await RunJobAsync();
        Assert.False(await ExistsAsync(second)); // sent in the session that ended
        Assert.True(await ExistsAsync(third)); // this session's, read just now
    }

    [Fact]
    public async Task A_request_copy_holds_its_vanishing_messages_until_accepted()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        await (await OnAsync(a, thread)).EnsureNoContentAsync();
        // b deletes the chat and stops following a: a's next message brings it back to b as a request.
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/participants/me", b)).EnsureNoContentAsync();
        await _dm.Posts.ExecuteAsync("DELETE FROM follows WHERE follower_id = @b AND following_id = @a", new { a = a.Id, b = b.Id });
        var message = await _dm.SayAsync(a, thread, "still there?");
        Assert.Equal("request", (await _dm.ThreadAsync(b, thread)).GetProperty("status").GetString());
        await ReadAsync(b, thread, message);
        await LeaveAsync(b, thread);
        await RunJobAsync();
        Assert.True(await ExistsAsync(message)); // vanishing would tell a that the request was read

        // Accepting shows the mark as read then (not when the request was read), so the message waits for b to leave again.
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/accept", b)).EnsureNoContentAsync();
        await RunJobAsync();
        Assert.True(await ExistsAsync(message));
        await LeaveAsync(b, thread);
        await RunJobAsync();
        Assert.False(await ExistsAsync(message));
    }

    [Fact]
    public async Task Two_runs_at_once_end_as_one()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        await (await OnAsync(a, thread)).EnsureNoContentAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++) ids.Add(await _dm.SayAsync(i % 2 == 0 ? a : b, thread, $"message {i}"));
        var lastOfA = ids[^2];
        var unreadByA = ids[^1];
        await ReadAsync(b, thread, ids[^1]);
        await LeaveAsync(a, thread);
        await LeaveAsync(b, thread);

        await Task.WhenAll(RunJobAsync(), RunJobAsync(), RunJobAsync());
        await RunJobAsync();

        // a's mark stands at a's own last message: b's last one stays; everything else was read by its recipient.
        Assert.Equal([unreadByA], await _dm.MessageIdsAsync(b, thread));
        Assert.Equal([unreadByA], await _dm.MessageIdsAsync(a, thread));
        Assert.False(await ExistsAsync(lastOfA));
    }

    [Fact]
    public void The_grace_is_zero_to_a_day()
    {
        Assert.Empty(new MessagesOptions().Problems());
        Assert.Equal(TimeSpan.FromMinutes(1), new MessagesOptions().VanishAfterRead);
        Assert.Empty(new MessagesOptions { VanishAfterRead = TimeSpan.Zero }.Problems());
        Assert.Contains(new MessagesOptions { VanishAfterRead = TimeSpan.FromSeconds(-1) }.Problems(), p => p.Contains("VanishAfterRead"));
        Assert.Contains(new MessagesOptions { VanishAfterRead = TimeSpan.FromDays(2) }.Problems(), p => p.Contains("VanishAfterRead"));
    }
}
