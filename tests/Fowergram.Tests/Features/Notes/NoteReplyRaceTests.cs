using System.Net;
using Dapper;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// A reply to a note reads the note in one transaction (with the thread's opening) and writes the message in another. A note
/// ended between the two (deleted, replaced, taken down, its audience left) was still answered and its words copied into the
/// author's thread: only a note the caller is shown when the message is written can be answered, as a story reply checks its
/// story again there. And the reply's answer is read inside the transaction that writes it, as a send's is.
/// </summary>
[Collection(TableLockCollection.Name)]
public sealed class NoteReplyRaceTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);
    private PostsClient Posts => _dm.Posts;

    public static TheoryData<string> Endings => ["deleted", "replaced", "unfollowed"];

    [Theory]
    [MemberData(nameof(Endings))]
    public async Task A_note_that_ends_while_the_reply_opens_its_thread_is_not_answered(string ending)
    {
        var (author, friend, thread) = await _dm.FriendsAsync();
        var note = (await (await Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text = "who's up?" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await using var holder = await Posts.Db.OpenConnectionAsync();
        HttpResponseMessage answer;
        await using (var tx = await holder.BeginTransactionAsync())
        {
            // The thread's row, which the reply's opening locks (ConversationsSql.FindDirect) after it has read the note.
            await holder.ExecuteAsync("SELECT 1 FROM conversations WHERE id = @thread FOR UPDATE", new { thread }, tx);
            var reply = Posts.SendAsync(HttpMethod.Post, $"/api/v1/notes/{note}/replies", friend, new { text = "me!" });
            await TransactionRace.WaitUntilBlockedByAsync(Posts.Db, holder.ProcessID, reply);
            var ended = await (ending switch
            {
                "deleted" => Posts.SendAsync(HttpMethod.Delete, "/api/v1/users/me/note", author),
                "replaced" => Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text = "never mind" }),
                _ => Posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{friend.Username}/follow", author),
            });
            Assert.True(ended.IsSuccessStatusCode, $"{ending}: {(int)ended.StatusCode}");
            await tx.CommitAsync();
            answer = await reply;
        }

        await answer.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM messages WHERE conversation_id = @thread AND message_type = 'note_reply'",
            new { thread }));
    }

    [Fact]
    public async Task A_reply_answers_with_its_message_even_when_the_caller_leaves_the_thread_as_it_commits()
    {
        var (author, friend, thread) = await _dm.FriendsAsync();
        var note = (await (await Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text = "pizza?" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        // The reply is held after writing its message (the request filter reads hidden_words). A table lock on messages queued
        // behind it then holds any read of the message after the commit, while a read inside the transaction goes ahead of the
        // queue (the lock its write holds conflicts with the queued one, so PostgreSQL lets it pass).
        await using var filter = await Posts.Db.OpenConnectionAsync();
        await using var filterTx = await filter.BeginTransactionAsync();
        await filter.ExecuteAsync("LOCK TABLE hidden_words IN ACCESS EXCLUSIVE MODE", transaction: filterTx);
        var reply = Posts.SendAsync(HttpMethod.Post, $"/api/v1/notes/{note}/replies", friend, new { text = "yes!" });
        var replying = await TransactionRace.BlockedByAsync(Posts.Db, filter.ProcessID, reply);
        Assert.NotNull(replying);

        await using var messages = await Posts.Db.OpenConnectionAsync();
        await using var messagesTx = await messages.BeginTransactionAsync();
        var locking = messages.ExecuteAsync("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE", transaction: messagesTx);
        await TransactionRace.WaitUntilBlockedByAsync(Posts.Db, replying.Value, locking);
        await filterTx.CommitAsync();
        await locking;
        if (await TransactionRace.BlockedByAsync(Posts.Db, messages.ProcessID, reply) is not null)
            // Committed, its answer not read yet: the caller leaves the thread from another device.
            await Posts.ExecuteAsync("UPDATE conversation_participants SET left_at = joined_at WHERE conversation_id = @thread AND user_id = @id",
                new { thread, id = friend.Id });
        await messagesTx.CommitAsync();

        var sent = await (await reply).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(("note_reply", "pizza?"), (sent.GetProperty("type").GetString(), sent.GetProperty("quotedNote").GetString()));
        Assert.Equal(1L, await Posts.ScalarAsync<long>("SELECT count(*) FROM messages WHERE conversation_id = @thread AND message_type = 'note_reply'",
            new { thread }));
    }
}
