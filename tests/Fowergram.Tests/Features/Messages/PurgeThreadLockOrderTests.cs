using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Features.Messages;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// Every transaction of an account purge that writes in threads locks them once, in id order, before it writes there
/// (docs/messages.md "Vanish mode", docs/accounts.md "The purge"): ThreadsPurgeStep. Each test forces the
/// interleaving that deadlocked before 2026-12-07 with locks a connection of the test's holds, so no timing decides it.
/// A host and database of their own: the purge takes every due account.
/// </summary>
public sealed class PurgeThreadLockOrderTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private readonly DmClient _dm = new(scratch.App);

    private NpgsqlDataSource Db => scratch.App.Services.GetRequiredService<NpgsqlDataSource>();

    private IScheduledJob Purge => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == AccountPurgeJob.JobName);

    private Task<bool> ExistsAsync(string table, Guid id) =>
        _dm.Posts.ScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = @id)", new { id });

    /// <summary>One account's purge batches until none finds anything, on a connection of its own, as one run does it.</summary>
    private async Task PurgeAccountAsync(Guid userId)
    {
        await using var conn = await Db.OpenConnectionAsync();
        await ((AccountPurgeJob)Purge).PurgeAsync(conn, userId, scratch.App.Clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task<int> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, object args)
    {
        await conn.ExecuteAsync(sql, args, tx);
        return await conn.ExecuteScalarAsync<int>("SELECT pg_backend_pid()", transaction: tx);
    }

    /// <summary>Until <paramref name="request"/> ends or two backends of this database wait for a lock (bounded).</summary>
    private async Task UntilDoneOrBothWaitAsync(Task request)
    {
        await using var conn = await Db.OpenConnectionAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!request.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20)
               && await conn.ExecuteScalarAsync<int>("""
                   SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0
                   """) < 2)
            await Task.Delay(5); // a poll for a state, not a wait for time to pass
    }

    [Fact]
    public async Task Two_members_of_the_same_groups_purged_at_once_both_leave_without_a_deadlock()
    {
        // Three groups of a creator's with both accounts in them; the first (in id order) loses one of the two, so that only the
        // other purge goes there first, where the test holds it.
        var (creator, first, second) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var groups = new List<Guid>();
        for (var i = 0; i < 3; i++) groups.Add(await _dm.GroupAsync(creator, $"crew {i}", first, second));
        groups.Sort((x, y) => string.CompareOrdinal(x.ToString(), y.ToString()));
        var (low, middle, high) = (groups[0], groups[1], groups[2]);
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{low}/participants/me", first)).EnsureNoContentAsync();
        // Each purge has messages in one of the two shared groups: before, its messages step locked that one, then its groups
        // step locked all its groups in id order, the other's message thread among them.
        await _dm.SayAsync(first, middle, "from the first");
        await _dm.SayAsync(second, high, "from the second");
        // Deleted now and purged by the test (as a run would, once started): not due for any run of the job.
        await _dm.Posts.ExecuteAsync("UPDATE users SET deleted_at = @now, purge_started_at = @now WHERE id = ANY (@ids)",
            new { ids = new[] { first.Id, second.Id }, now = scratch.App.Clock.GetUtcNow() });

        // A membership change of the creator's holds the lowest group: the second account's purge waits for it there.
        await using var member = await Db.OpenConnectionAsync();
        await using var tx = await member.BeginTransactionAsync();
        var pid = await LockAsync(member, tx, ConversationsSql.LockConversation, new { conversationId = low });
        var secondPurge = PurgeAccountAsync(second.Id);
        Assert.NotNull(await TransactionRace.BlockedByAsync(Db, pid, secondPurge));
        var firstPurge = PurgeAccountAsync(first.Id);
        await UntilDoneOrBothWaitAsync(firstPurge);
        await tx.CommitAsync();
        await Task.WhenAll(firstPurge, secondPurge); // before: 40P01, one purge's batch rolled back

        foreach (var user in new[] { first, second })
        {
            Assert.Equal(0, await _dm.Posts.ScalarAsync<int>("SELECT count(*)::int FROM messages WHERE sender_id = @id", new { id = user.Id }));
            Assert.Equal(0, await _dm.Posts.ScalarAsync<int>(
                "SELECT count(*)::int FROM conversation_participants WHERE user_id = @id AND left_at IS NULL", new { id = user.Id }));
        }
        foreach (var group in groups)
            Assert.True(await _dm.Posts.ScalarAsync<bool>(
                "SELECT is_admin FROM conversation_participants WHERE conversation_id = @group AND user_id = @id", new { group, id = creator.Id }));
    }

    [Fact]
    public async Task The_final_delete_of_a_purged_account_writes_nothing_in_its_threads_and_waits_for_no_thread_write()
    {
        // The account opened a one-to-one with a friend and reacted to the friend's message there, and reacted in a one-to-one
        // another account opened. Before, its final DELETE cleared created_by (SET NULL) and deleted its participant rows and
        // reactions (CASCADE) by the foreign keys, locking threads in the order it found them rather than in id order: so it
        // waited here for an unsend holding a thread, and deadlocked with a transaction locking threads in id order.
        var (doomed, friend, opened) = await _dm.FriendsAsync();
        var other = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(doomed, other);
        await _dm.Posts.FollowAsync(other, doomed);
        var joined = await _dm.DirectAsync(other, doomed);
        var mine = await _dm.SayAsync(friend, opened, "for the opener");
        var theirs = await _dm.SayAsync(other, joined, "for the guest");
        foreach (var message in new[] { mine, theirs })
            (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{message}/reaction", doomed, new { emoji = "❤️" })).EnsureSuccessStatusCode();
        var now = scratch.App.Clock.GetUtcNow();
        await _dm.Posts.ExecuteAsync("""
            UPDATE users SET deleted_at = @now - interval '40 days', purge_started_at = @now - interval '2 days',
                             purge_quiet_at = @now - interval '2 days'
             WHERE id = @id
            """, new { id = doomed.Id, now });
        await Purge.RunAsync(now, CancellationToken.None); // the steps take the account apart
        scratch.App.Clock.Advance(TimeSpan.FromHours(2));
        await _dm.Posts.ExecuteAsync("UPDATE uploads SET object_deleted_at = @now WHERE user_id = @id AND object_deleted_at IS NULL",
            new { id = doomed.Id, now = scratch.App.Clock.GetUtcNow() });

        // Unsends of both reacted messages hold both threads (in id order) and the messages, whose deletion takes the reactions.
        await using var unsend = await Db.OpenConnectionAsync();
        await using var tx = await unsend.BeginTransactionAsync();
        var threads = new[] { opened, joined }.OrderBy(t => t.ToString(), StringComparer.Ordinal).ToArray();
        var pid = 0;
        foreach (var thread in threads) pid = await LockAsync(unsend, tx, ConversationsSql.LockConversation, new { conversationId = thread });
        await unsend.ExecuteAsync("DELETE FROM messages WHERE id = ANY (@ids)", new { ids = new[] { mine, theirs } }, tx);

        var gone = Task.Run(() => Purge.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Null(await TransactionRace.BlockedByAsync(Db, pid, gone)); // before: the DELETE waited for the unsend's thread
        await gone;
        await tx.CommitAsync();

        Assert.False(await ExistsAsync("users", doomed.Id));
        foreach (var thread in threads)
        {
            Assert.True(await ExistsAsync("conversations", thread));
            Assert.Equal(1, await _dm.Posts.ScalarAsync<int>(
                "SELECT count(*)::int FROM conversation_participants WHERE conversation_id = @thread", new { thread }));
        }
        Assert.Null(await _dm.Posts.ScalarAsync<Guid?>("SELECT created_by FROM conversations WHERE id = @opened", new { opened }));
    }

    [Fact]
    public async Task Clearing_the_shares_of_a_purged_accounts_post_and_reel_waits_for_an_unsend_holding_their_thread()
    {
        // Two friends share the purged author's reel, then its post in a reply to the reel's message. Before, the account row's
        // final DELETE cleared both shares by the foreign keys (ON DELETE SET NULL), without the thread: the post's share first,
        // then it waited for the reel's message, which an unsend held with the thread; deleting it clears the quote in the
        // post's message, which the DELETE held: a deadlock.
        var author = await _dm.NewUserAsync();
        var (sharer, friend, thread) = await _dm.FriendsAsync();
        var reels = new ReelsClient(scratch.App);
        var post = await _dm.Posts.PostIdAsync(author, "garden");
        var reel = await reels.ReelIdAsync(author, "dance");
        var reelShare = (await _dm.SendMessageAsync(friend, thread, new { sharedReelId = reel })).GetProperty("id").GetGuid();
        var postShare = (await _dm.SendMessageAsync(sharer, thread, new { sharedPostId = post, replyToId = reelShare })).GetProperty("id").GetGuid();
        var now = scratch.App.Clock.GetUtcNow();
        await _dm.Posts.ExecuteAsync("""
            UPDATE users SET deleted_at = @now - interval '40 days', purge_started_at = @now - interval '2 days',
                             purge_quiet_at = @now - interval '2 days'
             WHERE id = @id
            """, new { id = author.Id, now });

        // An unsend of the reel's message: the thread's row, then the message, then its deletion.
        await using var unsend = await Db.OpenConnectionAsync();
        await using var tx = await unsend.BeginTransactionAsync();
        var pid = await LockAsync(unsend, tx, ConversationsSql.LockConversation, new { conversationId = thread });
        await unsend.ExecuteAsync("SELECT 1 FROM messages WHERE id = @reelShare FOR NO KEY UPDATE", new { reelShare }, tx);

        // A first run takes the account apart; once settled (its objects deleted), a second removes the account row.
        var purge = Task.Run(async () =>
        {
            await Purge.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);
            scratch.App.Clock.Advance(TimeSpan.FromHours(2));
            await _dm.Posts.ExecuteAsync("UPDATE uploads SET object_deleted_at = @now WHERE user_id = @id AND object_deleted_at IS NULL",
                new { id = author.Id, now = scratch.App.Clock.GetUtcNow() });
            await Purge.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);
        });
        Assert.NotNull(await TransactionRace.BlockedByAsync(Db, pid, purge)); // the purge waits behind the unsend
        await unsend.ExecuteAsync("DELETE FROM messages WHERE id = @reelShare", new { reelShare }, tx);
        await tx.CommitAsync();
        await purge;

        Assert.False(await ExistsAsync("users", author.Id));
        Assert.False(await ExistsAsync("messages", reelShare));
        var kept = await _dm.Posts.QueryAsync<(string Type, Guid? Shared, Guid? Reply)>(
            "SELECT message_type, shared_post_id, reply_to_message_id FROM messages WHERE id = @postShare", new { postShare });
        Assert.Equal(("post_share", (Guid?)null, (Guid?)null), kept.Single());
    }
}
