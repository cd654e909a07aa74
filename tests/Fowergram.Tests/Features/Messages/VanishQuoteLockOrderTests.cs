using Dapper;
using Fowergram.Features.Messages;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// message-vanish and the thread's own deletions take their locks in one order (docs/messages.md "Vanish mode"): the thread's
/// row first, then its messages. A quote is a foreign key with ON DELETE SET NULL, so deleting a message also writes every
/// message quoting it. Before 2026-12-07 the job locked its messages without the thread: with A ← B ← C (B quotes A, C
/// quotes B) and B being unsent, the job held A and C, waited for B (A's deletion clearing B's quote) while the unsend held B
/// and waited for C (B's deletion clearing C's quote) — a deadlock, one side failing. Here the unsend's locks are taken
/// step by step on a connection of the test's (the thread, then B's row, then B's deletion), so the interleaving that
/// deadlocked is the only one possible: no timing decides it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VanishQuoteLockOrderTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private IScheduledJob Job => app.Services.GetServices<IScheduledJob>().Single(j => j.Name == MessageVanishJob.JobName);

    private Task<bool> ExistsAsync(Guid id) => _dm.Posts.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM messages WHERE id = @id)", new { id });

    [Fact]
    public async Task A_run_beside_an_unsend_of_a_quoted_and_quoting_message_neither_deadlocks_nor_loses_a_deletion()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/vanish-mode", a)).EnsureNoContentAsync();
        var first = await _dm.SayAsync(a, thread, "first");
        var second = (await _dm.SendMessageAsync(b, thread, new { text = "second", replyToId = first })).GetProperty("id").GetGuid();
        var third = (await _dm.SendMessageAsync(a, thread, new { text = "third", replyToId = second })).GetProperty("id").GetGuid();
        // b read a's two messages and left the chat: they are due; b's own one is about to be unsent.
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", b, new { messageId = third })).EnsureNoContentAsync();
        await _dm.Posts.ExecuteAsync("UPDATE conversation_participants SET read_at = read_at - interval '2 minutes' WHERE conversation_id = @thread",
            new { thread });

        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        await using var unsend = await db.OpenConnectionAsync();
        await using var tx = await unsend.BeginTransactionAsync();
        var pid = await unsend.ExecuteScalarAsync<int>("SELECT pg_backend_pid()", transaction: tx);
        await unsend.ExecuteAsync(MessagesSql.LockThreadOf, new { messageId = second, viewer = b.Id }, tx);
        await unsend.ExecuteAsync("SELECT 1 FROM messages WHERE id = @second FOR UPDATE", new { second }, tx);

        var run = Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);
        await TransactionRace.BlockedByAsync(db, pid, run); // the job waits behind the unsend, or has passed the thread by
        await unsend.ExecuteAsync(MessagesSql.Unsend, new { messageId = second, viewer = b.Id, now = app.Clock.GetUtcNow() }, tx);
        await tx.CommitAsync();
        await run;

        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);
        Assert.False(await ExistsAsync(second));
        Assert.False(await ExistsAsync(first));
        Assert.False(await ExistsAsync(third));
    }
}
