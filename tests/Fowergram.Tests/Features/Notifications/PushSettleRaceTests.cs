using System.Net;
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
/// on the request side. A subscribe drops the caller's ended subscriptions in id order too, as the settle locks them.
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

    [Fact]
    public async Task A_subscribe_dropping_ended_browsers_waits_for_the_lowest_id_before_it_holds_another()
    {
        var ann = await push.App.Client.RegisterAsync();
        var (lower, higher) = (new Guid("00000000-0000-7000-8000-000000000001"), new Guid("ffffffff-ffff-7fff-bfff-ffffffffffff"));
        var db = push.App.Services.GetRequiredService<NpgsqlDataSource>();
        // Their sessions ended (no such family). The higher id comes first in the account's index and in the table, the order
        // the DELETE visited them in.
        await using (var conn = await db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO push_subscriptions (id, user_id, session_id, kind, endpoint, p256dh, auth, created_at)
                SELECT id, @userId, gen_random_uuid(), 'web', 'https://push.example/' || id, decode('04' || repeat('00', 64), 'hex'),
                       decode(repeat('00', 16), 'hex'), created_at
                  FROM (VALUES (@higher, now() - interval '2 days'), (@lower, now() - interval '1 day')) AS v (id, created_at)
                """, new { userId = ann.Id, lower, higher });

        // A settling run holding the batch's first subscription (LockSubscriptions, id order), about to lock the next.
        await using var settle = await db.OpenConnectionAsync();
        await using var tx = await settle.BeginTransactionAsync();
        await settle.ExecuteAsync("SELECT 1 FROM push_subscriptions WHERE id = @lower FOR NO KEY UPDATE", new { lower }, tx);
        using var browser = new TestBrowser();
        var subscribe = push.App.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", browser.Subscription(push.Service), ann.AccessToken);
        Assert.NotNull(await TransactionRace.BlockedByAsync(db, settle.ProcessID, subscribe));
        Assert.Equal(1L, await push.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT 1 FROM push_subscriptions WHERE id = @higher FOR UPDATE SKIP LOCKED) free",
            new { higher })); // waiting, the subscribe holds not the settle's next subscription

        await settle.ExecuteAsync("SELECT 1 FROM push_subscriptions WHERE id = @higher FOR NO KEY UPDATE", new { higher }, tx);
        await tx.CommitAsync();
        await (await subscribe).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1L, await push.SubscriptionsAsync(ann.Id)); // the ended two went
    }
}
