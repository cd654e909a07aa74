using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Notifications.Push;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// Direct messages pushed to their recipients (docs/messages.md "Push notifications"): a message in an accepted thread
/// with its words, a request without them, and nothing for the sender, a muted thread, a message read or unsent before the
/// job, a block, or the messages switch turned off.
/// </summary>
public sealed class MessagePushTests(PushHost push) : IClassFixture<PushHost>
{
    private FowergramApp App => push.App;
    private HttpClient Client => App.Client;

    private async Task<Guid> ThreadAsync(TestAccount from, TestAccount to) =>
        (await (await Client.PostJsonAsync("/api/v1/conversations", new { userIds = new[] { to.Id } }, from.AccessToken)).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

    private async Task<Guid> SendAsync(TestAccount from, Guid thread, string text)
    {
        App.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return (await (await Client.PostJsonAsync($"/api/v1/conversations/{thread}/messages", new { text }, from.AccessToken)).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
    }

    private Task<long> QueuedAsync(Guid userId) => push.ScalarAsync<long>(
        "SELECT count(*) FROM push_message_deliveries d JOIN push_subscriptions s ON s.id = d.subscription_id WHERE s.user_id = @userId", new { userId });

    [Fact]
    public async Task A_message_reaches_the_recipient_with_its_words_and_a_request_without_them()
    {
        var (bob, browser) = await push.SubscribedAsync();
        var (ann, annBrowser) = await push.SubscribedAsync();
        await push.FollowAsync(bob, ann); // ann's messages land in bob's inbox, not his requests
        var thread = await ThreadAsync(ann, bob);
        var message = await SendAsync(ann, thread, "lunch at noon?");
        var stranger = await Client.RegisterAsync();
        var request = await ThreadAsync(stranger, bob);
        await SendAsync(stranger, request, "buy my course");
        await push.RunJobAsync();

        var pushed = push.Read(browser);
        Assert.Equal(2, pushed.Count);
        var first = pushed.Single(p => p.GetProperty("type").GetString() == "message");
        Assert.Equal(message, first.GetProperty("id").GetGuid());
        Assert.Equal($"{ann.Username}: lunch at noon?", first.GetProperty("text").GetString());
        Assert.Equal("conversation", first.GetProperty("entityType").GetString());
        Assert.Equal(thread, first.GetProperty("entityId").GetGuid());
        var second = pushed.Single(p => p.GetProperty("type").GetString() == "message_request");
        Assert.Equal($"{stranger.Username} wants to send you a message.", second.GetProperty("text").GetString());
        Assert.DoesNotContain("course", second.ToString());
        Assert.Empty(push.Service.To(annBrowser.Name)); // never to the sender
        Assert.All(push.Service.To(browser.Name), m => Assert.False(m.Headers.ContainsKey("Topic"))); // every message counts on its own
        Assert.All(push.Service.To(browser.Name), m => Assert.Equal("high", m.Headers["Urgency"])); // someone waits for an answer
        Assert.Equal(0, await QueuedAsync(bob.Id));
        browser.Dispose();
        annBrowser.Dispose();
    }

    [Fact]
    public async Task Muted_read_unsent_blocked_and_switched_off_messages_are_not_pushed()
    {
        var (bob, browser) = await push.SubscribedAsync();
        var ann = await Client.RegisterAsync();
        await push.FollowAsync(bob, ann);
        var thread = await ThreadAsync(ann, bob);

        // Muted: not even queued.
        Assert.Equal(HttpStatusCode.OK, (await Client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/conversations/{thread}", new { isMuted = true }, bob.AccessToken)).StatusCode);
        await SendAsync(ann, thread, "muted");
        Assert.Equal(0, await QueuedAsync(bob.Id));
        Assert.Equal(HttpStatusCode.OK, (await Client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/conversations/{thread}", new { isMuted = false }, bob.AccessToken)).StatusCode);

        // Read in the app before the job, and unsent before the job.
        var read = await SendAsync(ann, thread, "read already");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", new { messageId = read }, bob.AccessToken)).StatusCode);
        var unsent = await SendAsync(ann, thread, "oops");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/messages/{unsent}", token: ann.AccessToken)).StatusCode);
        await push.RunJobAsync();
        Assert.Empty(push.Service.To(browser.Name));

        // The messages switch off, then a block.
        Assert.Equal(HttpStatusCode.OK, (await Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/push-preferences", new { messages = "off" }, bob.AccessToken)).StatusCode);
        await SendAsync(ann, thread, "switched off");
        await push.RunJobAsync();
        Assert.Equal(HttpStatusCode.OK, (await Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/push-preferences", new { messages = "everyone" }, bob.AccessToken)).StatusCode);
        await SendAsync(ann, thread, "before the block");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{ann.Username}/block", token: bob.AccessToken)).StatusCode);
        await push.RunJobAsync();
        Assert.Empty(push.Service.To(browser.Name));
        Assert.Equal(0, await QueuedAsync(bob.Id));
        browser.Dispose();
    }
}
