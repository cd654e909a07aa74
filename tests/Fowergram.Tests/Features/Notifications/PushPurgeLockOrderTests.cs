using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// An account purge removes the account's push subscriptions (with their queued rows and folds) and the folds naming it as
/// actor after locking those subscriptions in id order (PushPurgeStep), as push-delivery's settle locks a batch's
/// (docs/social-graph.md "Push notifications"). Before 2026-12-07 the account row's final DELETE took them by its foreign keys
/// in the indexes' order: holding the higher of two while a settle held the lower and went for the higher next, a deadlock.
/// Each test forces the interleaving with locks a connection of its own holds. A host and database of their own: the purge
/// takes every due account.
/// </summary>
public sealed class PushPurgeLockOrderTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private readonly PostsClient _posts = new(scratch.App);

    private NpgsqlDataSource Db => scratch.App.Services.GetRequiredService<NpgsqlDataSource>();

    private IScheduledJob Purge => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == AccountPurgeJob.JobName);

    /// <summary>Two subscriptions of <paramref name="owner"/>, the higher id first in the table and the older, as the account index holds them.</summary>
    private Task SubscribeAsync(TestUser owner, Guid lower, Guid higher) => _posts.ExecuteAsync("""
        INSERT INTO push_subscriptions (id, user_id, session_id, kind, endpoint, p256dh, auth, created_at)
        SELECT id, @owner, NULL, 'web', 'https://push.example/' || id, decode('04' || repeat('00', 64), 'hex'),
               decode(repeat('00', 16), 'hex'), @now - (3 - n) * interval '1 minute'
          FROM unnest(ARRAY[@higher, @lower]) WITH ORDINALITY AS v (id, n) ORDER BY n
        """, new { owner = owner.Id, lower, higher, now = scratch.App.Clock.GetUtcNow() });

    private Task MarkDueAsync(TestUser user) => _posts.ExecuteAsync("""
        UPDATE users SET deleted_at = @now - interval '40 days', purge_started_at = @now - interval '2 days',
                         purge_quiet_at = @now - interval '2 days'
         WHERE id = @id
        """, new { id = user.Id, now = scratch.App.Clock.GetUtcNow() });

    private async Task<long> FreeAsync(string sql, object args)
    {
        await using var probe = await Db.OpenConnectionAsync();
        return await probe.ExecuteScalarAsync<long>($"SELECT count(*) FROM ({sql} FOR UPDATE SKIP LOCKED) free", args);
    }

    [Fact]
    public async Task A_purged_accounts_subscriptions_are_taken_in_id_order_as_the_push_settle_takes_them()
    {
        var doomed = await _posts.NewUserAsync();
        var (lower, higher) = (new Guid("00000000-0000-7000-8000-00000000000a"), new Guid("ffffffff-ffff-7fff-bfff-fffffffffffa"));
        await SubscribeAsync(doomed, lower, higher);
        await MarkDueAsync(doomed);

        // A settle of a batch holding the lower subscription, the higher next (PushDeliverySql.LockSubscriptions).
        await using var settle = await Db.OpenConnectionAsync();
        await using var tx = await settle.BeginTransactionAsync();
        await settle.ExecuteAsync("SELECT 1 FROM push_subscriptions WHERE id = @lower FOR NO KEY UPDATE", new { lower }, tx);
        var run = Purge.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);
        Assert.NotNull(await TransactionRace.BlockedByAsync(Db, settle.ProcessID, run));
        // Waiting, the purge holds not the settle's next subscription (before: its final DELETE had taken it first).
        Assert.Equal(1L, await FreeAsync("SELECT 1 FROM push_subscriptions WHERE id = @higher", new { higher }));

        await settle.ExecuteAsync("SELECT 1 FROM push_subscriptions WHERE id = @higher FOR NO KEY UPDATE", new { higher }, tx);
        await tx.CommitAsync();
        await run;
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM push_subscriptions WHERE user_id = @id", new { id = doomed.Id }));
    }

    [Fact]
    public async Task The_folds_naming_a_purged_account_are_taken_behind_their_subscriptions_locks_in_id_order()
    {
        // Another account's two browsers were last pushed a group that named the doomed account.
        var (doomed, reader) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var (lower, higher) = (new Guid("00000000-0000-7000-8000-00000000000b"), new Guid("ffffffff-ffff-7fff-bfff-fffffffffffb"));
        await SubscribeAsync(reader, lower, higher);
        await _posts.ExecuteAsync("""
            INSERT INTO push_folds (subscription_id, topic, actor_id, others, notices, last_seq, pushed_at)
            SELECT id, repeat('t', 32), @actor, 0, 1, 1, @now FROM unnest(ARRAY[@higher, @lower]) WITH ORDINALITY AS v (id, n) ORDER BY n
            """, new { actor = doomed.Id, lower, higher, now = scratch.App.Clock.GetUtcNow() });
        await MarkDueAsync(doomed);

        // A settle holding the lower subscription and rewriting its fold, the higher's next.
        await using var settle = await Db.OpenConnectionAsync();
        await using var tx = await settle.BeginTransactionAsync();
        await settle.ExecuteAsync("SELECT 1 FROM push_subscriptions WHERE id = @lower FOR NO KEY UPDATE", new { lower }, tx);
        await settle.ExecuteAsync("UPDATE push_folds SET notices = 2 WHERE subscription_id = @lower", new { lower }, tx);
        var run = Purge.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);
        Assert.NotNull(await TransactionRace.BlockedByAsync(Db, settle.ProcessID, run));
        // Waiting, the purge holds not the higher's fold (before: its final DELETE had taken it by the actor index first).
        Assert.Equal(1L, await FreeAsync("SELECT 1 FROM push_folds WHERE subscription_id = @higher", new { higher }));

        await settle.ExecuteAsync("UPDATE push_folds SET notices = 2 WHERE subscription_id = @higher", new { higher }, tx);
        await tx.CommitAsync();
        await run;
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM push_folds WHERE actor_id = @id", new { id = doomed.Id }));
        Assert.Equal(2L, await _posts.ScalarAsync<long>("SELECT count(*) FROM push_subscriptions WHERE user_id = @id", new { id = reader.Id }));
    }
}
