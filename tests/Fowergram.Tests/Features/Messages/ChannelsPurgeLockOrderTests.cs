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
/// deadlock. Its own channels and its places in others' (memberships, co-host rows, votes, reactions) are taken in id order
/// too, so the account row's final DELETE writes nothing in channels. Each test forces its interleaving with locks a
/// connection of its own holds. A host and database of their own: the purge takes every due account.
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

    private Task MarkDueAsync(TestUser user) => _channels.Posts.ExecuteAsync("""
        UPDATE users SET deleted_at = @now - interval '40 days', purge_started_at = @now - interval '2 days',
                         purge_quiet_at = @now - interval '2 days'
         WHERE id = @id
        """, new { id = user.Id, now = scratch.App.Clock.GetUtcNow() });

    [Fact]
    public async Task The_final_delete_of_a_purged_account_writes_nothing_in_channels_and_waits_for_no_host_deletion()
    {
        // The account joined a channel, voted in its poll and reacted to a message. Before, its final DELETE took the membership,
        // vote and reaction by the foreign keys (CASCADE) with no channel lock: so it waited for a host's deletion of the messages
        // (which holds their votes and reactions from its own cascade), and it held them out of the channels' order.
        var (owner, doomed, channel) = await _channels.WithMemberAsync();
        await _channels.Posts.FollowAsync(doomed, owner); // something for the first run's steps, so it does not end with the DELETE
        var poll = await _channels.PostAsync(owner, channel, new { poll = new { question = "Which?", options = new[] { "a", "b" } } });
        var text = await _channels.PostAsync(owner, channel, new { text = "news" });
        (await _channels.Posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/messages/{poll}/vote", doomed, new { option = 1 })).EnsureSuccessStatusCode();
        (await _channels.Posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/messages/{text}/reaction", doomed, new { emoji = "🔥" })).EnsureSuccessStatusCode();
        await MarkDueAsync(doomed);
        await Purge.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None); // the steps take the account apart
        scratch.App.Clock.Advance(TimeSpan.FromHours(2));

        // The owner deleting both messages: the channel shared (ChannelAccess), then the messages with their votes and reactions.
        var db = scratch.App.Services.GetRequiredService<NpgsqlDataSource>();
        await using var deletion = await db.OpenConnectionAsync();
        await using var tx = await deletion.BeginTransactionAsync();
        var pid = await deletion.ExecuteScalarAsync<int>("SELECT pg_backend_pid()", transaction: tx);
        await deletion.ExecuteAsync("SELECT 1 FROM broadcast_channels WHERE id = @channel FOR SHARE", new { channel }, tx);
        await deletion.ExecuteAsync("DELETE FROM broadcast_channel_messages WHERE id = ANY (@ids)", new { ids = new[] { poll, text } }, tx);

        var gone = Task.Run(() => Purge.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Null(await TransactionRace.BlockedByAsync(db, pid, gone)); // before: the DELETE waited for the deletion's vote row
        await gone;
        await tx.CommitAsync();

        Assert.False(await _channels.Posts.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM users WHERE id = @id)", new { id = doomed.Id }));
        Assert.Equal(0L, await _channels.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM broadcast_channel_members WHERE channel_id = @channel", new { channel }));
    }

    [Fact]
    public async Task A_purge_deletes_its_own_channels_in_id_order_behind_a_write_holding_the_lower()
    {
        // Two channels, the lower id the older; the older edited since, so that both the owner index (newest first) and the
        // table (its new row version last) hold the higher first, the order the DELETE alone took them in.
        var owner = await _channels.Posts.NewUserAsync();
        var first = await _channels.CreateAsync(owner, "First");
        scratch.App.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await _channels.CreateAsync(owner, "Second");
        var (lower, higher) = string.CompareOrdinal(first.ToString(), second.ToString()) < 0 ? (first, second) : (second, first);
        Assert.Equal(first, lower); // ids follow creation time
        (await _channels.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/channels/{first}", owner, new { name = "First again" })).EnsureSuccessStatusCode();
        await MarkDueAsync(owner);

        // A post in the lower channel holds it shared (ChannelAccess), as a co-host's purge would hold it in id order.
        var db = scratch.App.Services.GetRequiredService<NpgsqlDataSource>();
        await using var post = await db.OpenConnectionAsync();
        await using var tx = await post.BeginTransactionAsync();
        var pid = await post.ExecuteScalarAsync<int>("SELECT pg_backend_pid()", transaction: tx);
        await post.ExecuteAsync("SELECT 1 FROM broadcast_channels WHERE id = @lower FOR SHARE", new { lower }, tx);

        var run = Purge.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);
        Assert.NotNull(await TransactionRace.BlockedByAsync(db, pid, run));
        await using (var probe = await db.OpenConnectionAsync())
            Assert.Equal(1L, await probe.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM (SELECT 1 FROM broadcast_channels WHERE id = @higher FOR UPDATE SKIP LOCKED) free",
                new { higher })); // waiting, the purge holds not the higher channel (before: it did, locked first)
        await tx.CommitAsync();
        await run;

        Assert.Equal(0L, await _channels.Posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channels WHERE owner_id = @id", new { id = owner.Id }));
    }
}
