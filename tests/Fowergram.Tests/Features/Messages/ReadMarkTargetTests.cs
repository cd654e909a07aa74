using System.Net;
using Dapper;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// A read mark names a message that is there (docs/messages.md "Read marks"): marking read key-share locks its target, so
/// an unsend racing the mark commits first (a named target is a 404, the newest one gives way to the one before it) or waits
/// for the mark; and a mark whose message was unsent since shows on the newest message the viewer can see before it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReadMarkTargetTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private Task<HttpResponseMessage> MarkAsync(TestUser reader, Guid thread, Guid? messageId) => messageId is { } id
        ? _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", reader, new { messageId = id })
        : _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", reader);

    private Task<Guid?> StoredMarkAsync(TestUser reader, Guid thread) => _dm.Posts.ScalarAsync<Guid?>(
        "SELECT read_through_id FROM conversation_participants WHERE conversation_id = @thread AND user_id = @reader", new { thread, reader = reader.Id });

    /// <summary>
    /// The unsend's DELETE is held open here; the mark started meanwhile must wait for it and then find the message gone.
    /// Without the lock the mark read the message in its own snapshot and stored it, naming a message nobody can see.
    /// </summary>
    private async Task<HttpResponseMessage> MarkWhileUnsendingAsync(TestUser reader, Guid thread, Guid? named, Guid unsent)
    {
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var unsend = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("DELETE FROM messages WHERE id = @unsent", new { unsent }, unsend);
        var mark = MarkAsync(reader, thread, named);
        await TransactionRace.BlockedByAsync(db, holder.ProcessID, mark);
        await unsend.CommitAsync();
        return await mark;
    }

    [Fact]
    public async Task A_mark_naming_a_message_being_unsent_waits_and_is_a_404_never_a_mark_on_nothing()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        var first = await _dm.SayAsync(a, thread, "first");
        var second = await _dm.SayAsync(a, thread, "oops");
        await (await MarkAsync(b, thread, first)).EnsureNoContentAsync();

        await (await MarkWhileUnsendingAsync(b, thread, second, second)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(first, await StoredMarkAsync(b, thread));
        await (await MarkAsync(b, thread, second)).AssertProblemAsync(HttpStatusCode.NotFound); // afterwards, too
    }

    [Fact]
    public async Task Reading_everything_while_the_newest_message_is_unsent_marks_the_one_before_it()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        var first = await _dm.SayAsync(a, thread, "first");
        var second = await _dm.SayAsync(a, thread, "oops");

        await (await MarkWhileUnsendingAsync(b, thread, null, second)).EnsureNoContentAsync();

        Assert.Equal(first, await StoredMarkAsync(b, thread));
        var seen = Assert.Single((await _dm.ThreadAsync(a, thread)).GetProperty("readMarks").EnumerateArray());
        Assert.Equal(first, seen.GetProperty("messageId").GetGuid());
    }

    [Fact]
    public async Task A_mark_on_a_message_unsent_afterwards_shows_on_the_message_before_it_and_counts_nothing_unread()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        var first = await _dm.SayAsync(a, thread, "first");
        var second = await _dm.SayAsync(a, thread, "oops");
        await (await MarkAsync(b, thread, second)).EnsureNoContentAsync();

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{second}", a)).EnsureNoContentAsync();

        var seen = Assert.Single((await _dm.ThreadAsync(a, thread)).GetProperty("readMarks").EnumerateArray());
        Assert.Equal((b.Id, first), (seen.GetProperty("userId").GetGuid(), seen.GetProperty("messageId").GetGuid()));
        Assert.Equal(0, (await _dm.ThreadAsync(b, thread)).GetProperty("unreadCount").GetInt32());
    }

    [Fact]
    public async Task A_member_added_later_sees_no_mark_that_lies_before_their_joining_and_the_first_one_after_it()
    {
        var (a, b, c) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        foreach (var member in new[] { b, c }) await _dm.Posts.FollowAsync(member, a);
        var group = await _dm.GroupAsync(a, "Book club", b);
        var before = await _dm.SayAsync(a, group, "before c");
        await (await MarkAsync(b, group, before)).EnsureNoContentAsync();
        (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{group}/participants", a, new { userIds = new[] { c.Id } })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));

        var marksForC = (await _dm.ThreadAsync(c, group)).GetProperty("readMarks").EnumerateArray().Select(m => m.GetProperty("userId").GetGuid()).ToList();
        Assert.DoesNotContain(b.Id, marksForC); // b's mark sits on a message c cannot read
        Assert.Contains(b.Id, (await _dm.ThreadAsync(a, group)).GetProperty("readMarks").EnumerateArray().Select(m => m.GetProperty("userId").GetGuid()));

        var after = await _dm.SayAsync(a, group, "welcome c");
        await (await MarkAsync(b, group, after)).EnsureNoContentAsync();
        var bForC = Assert.Single((await _dm.ThreadAsync(c, group)).GetProperty("readMarks").EnumerateArray(), m => m.GetProperty("userId").GetGuid() == b.Id);
        Assert.Equal(after, bForC.GetProperty("messageId").GetGuid());
    }
}
