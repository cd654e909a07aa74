using Dapper;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// The push-delivery job settling a batch while a browser's subscription is removed (DELETE …/push-subscriptions/{id}, or a
/// subscribe dropping the caller's ended ones and another account's of the same browser). The removal's DELETE holds the
/// subscription's row and then its cascade takes the queued pushes; the job settled a queued push (deleting it) and then
/// wrote its subscription's row (last success, a fold, a drop), so the two waited for each other: a deadlock, answered 503
/// on the request side.
/// </summary>
public sealed class PushSettleRaceTests(PushHost push) : IClassFixture<PushHost>
{
    [Fact]
    public async Task A_settling_run_waits_for_a_subscription_being_removed_before_it_holds_its_queued_pushes()
    {
        var (bob, _) = await push.SubscribedAsync();
        await push.FollowAndDrainAsync(await push.App.Client.RegisterAsync(), bob);
        var subscription = await push.ScalarAsync<Guid>("SELECT id FROM push_subscriptions WHERE user_id = @id", new { id = bob.Id });
        var db = push.App.Services.GetRequiredService<NpgsqlDataSource>();

        // The removal, statement by statement: its DELETE locks the subscription's row first, its cascade the queued rows after.
        await using var removal = await db.OpenConnectionAsync();
        await using var tx = await removal.BeginTransactionAsync();
        await removal.ExecuteAsync("SELECT 1 FROM push_subscriptions WHERE id = @subscription FOR UPDATE", new { subscription }, tx);
        var run = push.RunJobAsync();
        Assert.NotNull(await TransactionRace.BlockedByAsync(db, removal.ProcessID, run));
        Assert.Equal(1L, await push.ScalarAsync<long>("""
            SELECT count(*) FROM (SELECT 1 FROM push_deliveries WHERE subscription_id = @subscription FOR UPDATE SKIP LOCKED) free
            """, new { subscription })); // waiting, the run holds none of the browser's queued pushes

        await removal.ExecuteAsync("DELETE FROM push_subscriptions WHERE id = @subscription", new { subscription }, tx);
        await tx.CommitAsync();
        await run;
        Assert.Equal(0L, await push.QueuedAsync(bob.Id));
    }
}
