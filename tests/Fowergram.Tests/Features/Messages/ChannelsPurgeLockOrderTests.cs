using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// An account purge deletes the messages the account posted in broadcast channels (ChannelsPurgeStep) under their channels'
/// locks, taken first in id order, the lock a host's deletion of a message waits for (docs/messages.md "Broadcast channels").
/// Deleting a channel message writes the messages replying to it (ON DELETE SET NULL): unlocked, the purge held the
/// co-host's A and C and waited for B (A's deletion clearing B's reply) while a deletion of B held B and waited for C: a
/// deadlock. The test forces that interleaving with locks a connection of its own holds. A host and database of their own:
/// the purge takes every due account.
/// </summary>
public sealed class ChannelsPurgeLockOrderTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private readonly ChannelClient _channels = new(scratch.App);

    private IScheduledJob Purge => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == AccountPurgeJob.JobName);

    private Task<bool> ExistsAsync(Guid id) =>
        _channels.Posts.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM broadcast_channel_messages WHERE id = @id)", new { id });

    [Fact]
    public async Task A_purge_beside_a_hosts_deletion_over_a_reply_chain_waits_instead_of_deadlocking()
    {
        var owner = await _channels.Posts.NewUserAsync();
        var channel = await _channels.CreateAsync(owner);
        var cohost = await _channels.CohostAsync(owner, channel);
        // A ← B ← C: the owner's B replies to the co-host's A, the co-host's C replies to B.
        var a = await _channels.PostAsync(cohost, channel, new { text = "first" });
        var b = await _channels.PostAsync(owner, channel, new { text = "second", replyToId = a });
        var c = await _channels.PostAsync(cohost, channel, new { text = "third", replyToId = b });
        await _channels.Posts.ExecuteAsync("""
            DELETE FROM follows WHERE @id IN (follower_id, following_id);
            UPDATE users SET deleted_at = @now - interval '40 days', purge_started_at = @now - interval '2 days',
                             purge_quiet_at = @now - interval '2 days'
             WHERE id = @id
            """, new { id = cohost.Id, now = scratch.App.Clock.GetUtcNow() });

        // The owner deleting B: the channel's row shared (ChannelAccess), then B's row, as its DELETE reaches it.
        var db = scratch.App.Services.GetRequiredService<NpgsqlDataSource>();
        await using var deletion = await db.OpenConnectionAsync();
        await using var tx = await deletion.BeginTransactionAsync();
        var pid = await deletion.ExecuteScalarAsync<int>("SELECT pg_backend_pid()", transaction: tx);
        await deletion.ExecuteAsync("SELECT 1 FROM broadcast_channels WHERE id = @channel FOR SHARE", new { channel }, tx);
        await deletion.ExecuteAsync("SELECT 1 FROM broadcast_channel_messages WHERE id = @b FOR UPDATE", new { b }, tx);

        var run = Purge.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);
        Assert.NotNull(await TransactionRace.BlockedByAsync(db, pid, run)); // the purge waits behind the deletion
        // Clears C's reply: before, C was the purge's (deleted, uncommitted) while it waited for B: 40P01, one side rolled back.
        await deletion.ExecuteAsync("DELETE FROM broadcast_channel_messages WHERE id = @b", new { b }, tx);
        await tx.CommitAsync();
        await run;

        foreach (var message in new[] { a, b, c }) Assert.False(await ExistsAsync(message));
    }
}
