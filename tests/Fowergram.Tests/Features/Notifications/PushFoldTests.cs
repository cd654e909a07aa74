using System.Net;
using System.Text.Json;
using Fowergram.Server.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// A trickle folds across runs (migration 0209, docs/social-graph.md "Push notifications"): the next push of a group the
/// browser was pushed earlier counts the earlier notices in and carries the same tag, until the recipient reads the inbox
/// or a day passes.
/// </summary>
public sealed class PushFoldTests(PushHost push) : IClassFixture<PushHost>
{
    private FowergramApp App => push.App;

    private async Task<TestAccount> FollowerAsync(TestAccount target)
    {
        var follower = await App.Client.RegisterAsync();
        await push.FollowAsync(follower, target);
        await App.Services.GetRequiredService<EventPipeline>().DrainAsync();
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        await push.RunJobAsync();
        return follower;
    }

    [Fact]
    public async Task A_trickle_is_one_notification_updated_until_the_inbox_is_read()
    {
        var (bob, browser) = await push.SubscribedAsync();
        var ann = await FollowerAsync(bob);
        var cy = await FollowerAsync(bob);
        var dan = await FollowerAsync(bob);

        var pushes = push.Read(browser);
        Assert.Equal(3, pushes.Count); // a push a run: the phone still hears of each
        Assert.Equal($"{ann.Username} started following you.", pushes[0].GetProperty("text").GetString());
        Assert.False(pushes[0].TryGetProperty("count", out _));
        Assert.Equal($"{cy.Username} and 1 other started following you.", pushes[1].GetProperty("text").GetString());
        Assert.Equal(1, pushes[1].GetProperty("others").GetInt32());
        Assert.Equal(2, pushes[1].GetProperty("count").GetInt32());
        Assert.Equal($"{dan.Username} and 2 others started following you.", pushes[2].GetProperty("text").GetString());
        Assert.Equal(dan.Username, pushes[2].GetProperty("actor").GetString());
        Assert.Equal(3, pushes[2].GetProperty("count").GetInt32());
        // One tag, the Web Push topic: the service worker replaces the notification it shows.
        var tag = Assert.Single(pushes.Select(p => p.GetProperty("tag").GetString()).Distinct());
        Assert.Equal(tag, Assert.Single(push.Service.To(browser.Name).Select(m => m.Headers["Topic"]).Distinct()));
        // The grouped inbox says the same.
        var group = (await (await App.Client.GetAsync("/api/v1/notifications?group=true", bob.AccessToken)).ReadJsonAsync())
            .GetProperty("items")[0];
        Assert.Equal(pushes[2].GetProperty("id").GetGuid(), group.GetProperty("id").GetGuid());
        Assert.Equal(2, group.GetProperty("others").GetInt32());

        // Read: the next follower starts over.
        Assert.Equal(HttpStatusCode.NoContent, (await App.Client.PostJsonAsync("/api/v1/notifications/read-all", new { }, bob.AccessToken)).StatusCode);
        var eve = await FollowerAsync(bob);
        var afterReading = push.Read(browser)[^1];
        Assert.Equal($"{eve.Username} started following you.", afterReading.GetProperty("text").GetString());
        Assert.False(afterReading.TryGetProperty("count", out _));
        browser.Dispose();
    }

    [Fact]
    public async Task An_account_that_comes_back_is_counted_once_as_the_inbox_counts_it()
    {
        var (bob, browser) = await push.SubscribedAsync();
        var ann = await FollowerAsync(bob);
        var cy = await FollowerAsync(bob);
        // ann leaves and follows again: a new notice by an account the group already named.
        Assert.Equal(HttpStatusCode.NoContent,
            (await App.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/{bob.Username}/follow", token: ann.AccessToken)).StatusCode);
        await push.FollowAsync(ann, bob);
        await App.Services.GetRequiredService<EventPipeline>().DrainAsync();
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        await push.RunJobAsync();

        var last = push.Read(browser)[^1];
        Assert.Equal($"{ann.Username} and 1 other started following you.", last.GetProperty("text").GetString());
        Assert.Equal(1, last.GetProperty("others").GetInt32());
        var group = (await (await App.Client.GetAsync("/api/v1/notifications?group=true", bob.AccessToken)).ReadJsonAsync())
            .GetProperty("items")[0];
        Assert.Equal(1, group.GetProperty("others").GetInt32());
        var actors = (await (await App.Client.GetAsync("/api/v1/notifications", bob.AccessToken)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Select(n => n.GetProperty("actor").GetProperty("username").GetString()).ToHashSet();
        Assert.Equal(new[] { ann.Username, cy.Username }.Order(), actors.Order());
        browser.Dispose();
    }

    [Fact]
    public async Task A_group_quiet_for_a_day_starts_over_and_other_groups_and_browsers_fold_on_their_own()
    {
        var (bob, phone) = await push.SubscribedAsync();
        var (ann, annPhone) = await push.SubscribedAsync();
        await FollowerAsync(bob);
        await FollowerAsync(ann); // ann's browser, ann's group
        var second = await FollowerAsync(bob);
        Assert.Equal($"{second.Username} and 1 other started following you.", push.Read(phone)[^1].GetProperty("text").GetString());
        Assert.False(Assert.Single(push.Read(annPhone)).TryGetProperty("count", out _));

        App.Clock.Advance(TimeSpan.FromDays(1));
        var late = await FollowerAsync(bob);
        var pushed = push.Read(phone)[^1];
        Assert.Equal($"{late.Username} started following you.", pushed.GetProperty("text").GetString());
        Assert.False(pushed.TryGetProperty("others", out _));
        // Folds older than the day are forgotten before each run.
        Assert.Equal(1, await push.ScalarAsync<long>(
            "SELECT count(*) FROM push_folds f JOIN push_subscriptions s ON s.id = f.subscription_id WHERE s.user_id IN (@bob, @ann)",
            new { bob = bob.Id, ann = ann.Id }));
        phone.Dispose();
        annPhone.Dispose();
    }
}
