using System.Net;
using Dapper;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// The lock order of an edit (PATCH /messages/{id}) against a send in the same thread. An edit hides the requests its new
/// words meet (RequestFilter), updating participant rows; a send holds the thread, then its sender's participant row, then
/// hides requests too. An edit that took its message row and then the participant rows, in their index order, could hold one
/// recipient's row while waiting for the sender's, which the send held while waiting for that recipient's: a deadlock (503).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MessageEditLockTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    [Fact]
    public async Task An_edit_meeting_hidden_words_waits_for_the_thread_before_it_holds_its_message_or_any_participant()
    {
        // `other` made before `sender`: its participant row comes first in the key's order, the order an edit's hide locks them in.
        var (creator, other, editor, sender) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.GroupAsync(creator, "lock order", sender, editor, other);
        var message = await _dm.SayAsync(editor, thread, "hello everyone");
        foreach (var user in new[] { sender, other })
            await (await _dm.SendAsync(HttpMethod.Put, "/api/v1/users/me/hidden-words/giveaway", user)).EnsureNoContentAsync();

        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        // What a send by `sender` holds when it goes on to hide the others' requests: the thread, then its own participant row.
        await holder.ExecuteAsync("SELECT 1 FROM conversations WHERE id = @thread FOR UPDATE", new { thread }, hold);
        await holder.ExecuteAsync("SELECT 1 FROM conversation_participants WHERE conversation_id = @thread AND user_id = @Id FOR NO KEY UPDATE",
            new { thread, sender.Id }, hold);

        var edit = _dm.SendAsync(HttpMethod.Patch, $"/api/v1/messages/{message}", editor, new { text = "join my giveaway" });
        Assert.NotNull(await TransactionRace.BlockedByAsync(db, holder.ProcessID, edit));
        await using (var probe = await db.OpenConnectionAsync())
        {
            Assert.Equal(1L, await probe.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM (SELECT 1 FROM messages WHERE id = @message FOR UPDATE SKIP LOCKED) free", new { message }));
            Assert.Equal(3L, await probe.ExecuteScalarAsync<long>("""
                SELECT count(*) FROM (SELECT 1 FROM conversation_participants WHERE conversation_id = @thread AND user_id <> @Id
                                         FOR UPDATE SKIP LOCKED) free
                """, new { thread, sender.Id })); // the edit holds nothing a send goes on to lock
        }
        await hold.CommitAsync();

        var answer = await edit;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        foreach (var user in new[] { sender, other })
            Assert.Equal("hidden_request", (await _dm.ThreadAsync(user, thread)).GetProperty("status").GetString());
    }
}
