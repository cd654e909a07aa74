using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// An account purge and message-vanish take their locks in one order (docs/messages.md "Vanish mode"): the thread's row first,
/// then its messages. A quote is a foreign key with ON DELETE SET NULL, so deleting a message also writes every message quoting
/// it. Before 2026-12-07 the purge deleted the account's messages by the account row's cascade, without the thread: with
/// A ← B ← C (B quotes A, C quotes B; A and C the purged account's), a vanish run holding the thread and B, and the purge's
/// cascade deleting A and C then waiting for B (A's deletion clearing B's quote), the run's deletion of B waited for C: a
/// deadlock, one side failing. Here the run's locks are taken step by step on a connection of the test's (the thread, then B,
/// then B's deletion), so the interleaving that deadlocked is the only one possible: no timing decides it.
/// A host and database of its own: the purge takes every due account.
/// </summary>
public sealed class MessagesPurgeLockOrderTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private readonly DmClient _dm = new(scratch.App);

    private IScheduledJob Purge => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == AccountPurgeJob.JobName);

    private Task<bool> ExistsAsync(string table, Guid id) =>
        _dm.Posts.ScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = @id)", new { id });

    [Fact]
    public async Task A_purge_beside_a_vanish_run_over_a_quote_chain_neither_deadlocks_nor_loses_a_deletion()
    {
        // The thread is the peer's (its created_by): the purge's cascade writes no thread row that would make it wait there first.
        var (peer, purged, thread) = await _dm.FriendsAsync();
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/vanish-mode", peer)).EnsureNoContentAsync();
        var first = await _dm.SayAsync(purged, thread, "first");
        var second = (await _dm.SendMessageAsync(peer, thread, new { text = "second", replyToId = first })).GetProperty("id").GetGuid();
        var third = (await _dm.SendMessageAsync(purged, thread, new { text = "third", replyToId = second })).GetProperty("id").GetGuid();
        // The account read the peer's message in vanish mode and left: due for the run. Its follows go, so its purge has
        // nothing left to take apart but the messages, and one run reaches the account row as soon as it may.
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", purged, new { messageId = third })).EnsureNoContentAsync();
        await _dm.Posts.ExecuteAsync("""
            UPDATE conversation_participants SET read_at = read_at - interval '2 minutes' WHERE conversation_id = @thread;
            DELETE FROM follows WHERE @id IN (follower_id, following_id);
            UPDATE users SET deleted_at = @now - interval '40 days', purge_started_at = @now - interval '2 days',
                             purge_quiet_at = @now - interval '2 days'
             WHERE id = @id
            """, new { thread, id = purged.Id, now = scratch.App.Clock.GetUtcNow() });

        var db = scratch.App.Services.GetRequiredService<NpgsqlDataSource>();
        await using var vanish = await db.OpenConnectionAsync();
        await using var tx = await vanish.BeginTransactionAsync();
        var pid = await vanish.ExecuteScalarAsync<int>("SELECT pg_backend_pid()", transaction: tx);
        await vanish.ExecuteAsync("SELECT 1 FROM conversations WHERE id = @thread FOR NO KEY UPDATE", new { thread }, tx);
        await vanish.ExecuteAsync("SELECT 1 FROM messages WHERE id = @second FOR UPDATE", new { second }, tx);

        var run = Purge.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);
        Assert.NotNull(await TransactionRace.BlockedByAsync(db, pid, run)); // the purge waits behind the run
        await vanish.ExecuteAsync("DELETE FROM messages WHERE id = @second", new { second }, tx);
        await tx.CommitAsync();
        await run;

        scratch.App.Clock.Advance(TimeSpan.FromHours(2));
        await Purge.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);
        Assert.False(await ExistsAsync("users", purged.Id));
        foreach (var message in new[] { first, second, third }) Assert.False(await ExistsAsync("messages", message));
    }
}
