using Fowergram.Server.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// push-delivery leases the rows it claims for two minutes; once a lease is over, another instance's run may claim the rows
/// and push them. A run that went on sending past its lease (slow push services, or the later batches of a long run, whose
/// lease was reckoned from the run's start) pushed them a second time. A batch now starts no send within
/// <c>SendMargin</c> of its lease's end, and gives the rows it did not send back to the queue, pushed once by the next claim.
/// </summary>
public sealed class PushLeaseTests(PushHost push) : IClassFixture<PushHost>
{
    private const int Browsers = 12; // more than the eight sends a batch has under way at once

    [Fact]
    public async Task A_batch_starts_no_send_after_its_lease_and_what_it_left_is_pushed_once()
    {
        var ann = await push.App.Client.RegisterAsync();
        var subscribed = new List<(TestAccount Account, TestBrowser Browser)>();
        for (var i = 0; i < Browsers; i++) subscribed.Add(await push.SubscribedAsync());
        foreach (var (account, _) in subscribed) await push.FollowAsync(ann, account);
        await push.App.Services.GetRequiredService<EventPipeline>().DrainAsync();

        // The first push takes three minutes to answer: the batch's two-minute lease is over when it returns.
        var slow = 0;
        push.Service.OnReceived = _ =>
        {
            if (Interlocked.Exchange(ref slow, 1) == 0) push.App.Clock.Advance(TimeSpan.FromMinutes(3));
        };
        try
        {
            await push.RunJobAsync();
        }
        finally
        {
            push.Service.OnReceived = null;
        }

        // Sent by the first batch (TTL reckoned at its start, the whole day left) only what it began before the clock moved:
        // at most the eight sends it has under way at once; the rest went out from a later claim, three minutes on.
        var ttls = subscribed.SelectMany(s => push.Service.To(s.Browser.Name)).Select(m => long.Parse(m.Headers["TTL"])).ToList();
        Assert.InRange(ttls.Count(ttl => ttl > 86_400 - 60), 1, 8);
        foreach (var (account, browser) in subscribed)
        {
            Assert.Single(push.Service.To(browser.Name));
            Assert.Equal(0, await push.QueuedAsync(account.Id));
        }
    }
}
