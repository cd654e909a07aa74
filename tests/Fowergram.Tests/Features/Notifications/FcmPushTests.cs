using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// Native app pushes through Firebase Cloud Messaging (docs/social-graph.md "Native app pushes"), against
/// <see cref="FcmServiceStub"/> over real HTTP (FCM cannot be reached from here): registering an app's token, the message
/// FCM gets and the service account's access token, and FCM's answers.
/// </summary>
public sealed class FcmPushTests(FcmHost host) : IClassFixture<FcmHost>
{
    private FowergramApp App => host.App;

    [Fact]
    public async Task An_apps_token_registers_and_a_notice_reaches_it_through_fcm_with_the_service_accounts_access_token()
    {
        Assert.True((await (await App.Client.GetAsync("/api/v1/push/key")).ReadJsonAsync()).GetProperty("fcm").GetBoolean());
        var bob = await App.Client.RegisterAsync();
        var token = FcmHost.NewToken();
        var created = await (await App.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", new { fcmToken = token }, bob.AccessToken))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("fcm", created.GetProperty("kind").GetString());
        Assert.Equal("fcm", created.GetProperty("service").GetString());
        Assert.True(created.GetProperty("thisSession").GetBoolean());
        var again = await (await App.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", new { fcmToken = token }, bob.AccessToken)).ReadJsonAsync();
        Assert.Equal(created.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid()); // the same app again: 200, one row
        var listed = (await (await App.Client.GetAsync("/api/v1/users/me/push-subscriptions", bob.AccessToken)).ReadJsonAsync()).GetProperty("items");
        Assert.Equal("fcm", Assert.Single(listed.EnumerateArray()).GetProperty("kind").GetString());
        Assert.DoesNotContain(token, listed.GetRawText()); // a capability, never shown again
        var export = await (await App.Client.GetAsync("/api/v1/users/me/export", bob.AccessToken)).ReadJsonAsync();
        var exported = Assert.Single(export.GetProperty("pushSubscriptions").EnumerateArray());
        Assert.Equal(("fcm", "fcm"), (exported.GetProperty("kind").GetString(), exported.GetProperty("service").GetString()));
        Assert.DoesNotContain(token, export.ToString());

        var (ann, cy) = (await App.Client.RegisterAsync(), await App.Client.RegisterAsync());
        await host.FollowAndDrainAsync(ann, bob);
        var tokensBefore = host.Fcm.TokensIssued;
        await host.RunJobAsync();
        await host.FollowAndDrainAsync(cy, bob);
        await host.RunJobAsync();

        var messages = host.Fcm.To(token);
        Assert.Equal(2, messages.Count);
        Assert.True(host.Fcm.TokensIssued - tokensBefore <= 1); // one access token for both sends (none if another test fetched it)
        Assert.All(messages, m => Assert.StartsWith("Bearer ya29.test-", m.Authorization));
        var first = messages[0].Message;
        Assert.Equal($"{ann.Username} started following you.", first.GetProperty("notification").GetProperty("body").GetString());
        using var payload = JsonDocument.Parse(first.GetProperty("data").GetProperty("payload").GetString()!);
        Assert.Equal("follow", payload.RootElement.GetProperty("type").GetString());
        Assert.Equal(ann.Username, payload.RootElement.GetProperty("actor").GetString());
        var inbox = (await (await App.Client.GetAsync("/api/v1/notifications", bob.AccessToken)).ReadJsonAsync()).GetProperty("items");
        Assert.Contains(inbox.EnumerateArray(), n => n.GetProperty("id").GetGuid() == payload.RootElement.GetProperty("id").GetGuid());
        var android = first.GetProperty("android");
        Assert.Equal("NORMAL", android.GetProperty("priority").GetString());
        Assert.InRange(long.Parse(android.GetProperty("ttl").GetString()!.TrimEnd('s')), 86_000, 86_400);
        Assert.Equal("5", first.GetProperty("apns").GetProperty("headers").GetProperty("apns-priority").GetString());
        if (payload.RootElement.TryGetProperty("tag", out var tag)) // a grouped notice: one notification on the phone, replaced
        {
            Assert.Equal(tag.GetString(), android.GetProperty("collapse_key").GetString());
            Assert.Equal(tag.GetString(), first.GetProperty("apns").GetProperty("headers").GetProperty("apns-collapse-id").GetString());
        }
        Assert.Equal(0, await host.QueuedAsync(bob.Id));
        Assert.True(await host.ScalarAsync<bool>("SELECT last_success_at IS NOT NULL FROM push_subscriptions WHERE user_id = @id", new { id = bob.Id }));
    }

    [Fact]
    public async Task An_unregistered_token_is_dropped_a_busy_fcm_is_tried_again_and_a_refused_message_keeps_the_app()
    {
        var ann = await App.Client.RegisterAsync();
        var (gone, goneToken) = await host.RegisteredAsync();
        var (busy, busyToken) = await host.RegisteredAsync();
        var (refused, refusedToken) = await host.RegisteredAsync();
        host.Fcm.Answer(goneToken, 404, "UNREGISTERED");
        host.Fcm.Answer(busyToken, 503, "UNAVAILABLE");
        host.Fcm.Answer(refusedToken, 400, "INVALID_ARGUMENT");
        foreach (var target in new[] { gone, busy, refused }) await host.FollowAndDrainAsync(ann, target);
        await host.RunJobAsync();

        Assert.Equal(0, await host.SubscriptionsAsync(gone.Id)); // the app was uninstalled: its registration goes
        Assert.Equal(1, await host.QueuedAsync(busy.Id)); // due again after a backoff
        Assert.True(await host.ScalarAsync<bool>(
            "SELECT d.attempts = 1 AND d.due_at > now() FROM push_deliveries d JOIN push_subscriptions s ON s.id = d.subscription_id WHERE s.user_id = @id",
            new { id = busy.Id }));
        Assert.Equal(0, await host.QueuedAsync(refused.Id)); // that message is given up, the app stays
        Assert.Equal(1, await host.SubscriptionsAsync(refused.Id));
        Assert.Single(host.Fcm.To(busyToken));
    }

    [Fact]
    public async Task An_error_answer_whose_json_is_not_an_object_is_tried_again_and_holds_back_no_other_push()
    {
        var ann = await App.Client.RegisterAsync();
        var (odd, oddToken) = await host.RegisteredAsync();
        var (bob, bobToken) = await host.RegisteredAsync();
        host.Fcm.AnswerBody(oddToken, 503, "\"upstream connect error\""); // a proxy's answer, not FCM's error object
        foreach (var target in new[] { odd, bob }) await host.FollowAndDrainAsync(ann, target);

        await host.RunJobAsync();
        await host.RunJobAsync();

        Assert.Equal(1, await host.QueuedAsync(odd.Id)); // due again after a backoff
        Assert.Equal(0, await host.QueuedAsync(bob.Id));
        Assert.Single(host.Fcm.To(bobToken)); // settled in the run that sent it, never sent twice
    }

    [Fact]
    public async Task An_access_token_fcm_refuses_is_replaced_and_the_push_sent_again()
    {
        var ann = await App.Client.RegisterAsync();
        var (bob, token) = await host.RegisteredAsync();
        host.Fcm.Answer(token, 401, "THIRD_PARTY_AUTH_ERROR");
        await host.FollowAndDrainAsync(ann, bob);
        await host.RunJobAsync();
        Assert.Equal(1, await host.QueuedAsync(bob.Id)); // tried again later, not given up
        var issued = host.Fcm.TokensIssued;

        App.Clock.Advance(TimeSpan.FromSeconds(31)); // past the first backoff
        await host.RunJobAsync();
        Assert.Equal(0, await host.QueuedAsync(bob.Id));
        Assert.Equal(2, host.Fcm.To(token).Count);
        Assert.Equal(issued + 1, host.Fcm.TokensIssued); // the refused access token was dropped for a new one
        Assert.Equal($"Bearer ya29.test-{issued + 1}", host.Fcm.To(token)[1].Authorization);
    }

    [Fact]
    public async Task Another_account_signing_in_on_the_device_takes_the_token_over()
    {
        var (first, token) = await host.RegisteredAsync();
        var second = await App.Client.RegisterAsync();
        await (await App.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", new { fcmToken = token }, second.AccessToken))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(0, await host.SubscriptionsAsync(first.Id));
        Assert.Equal(1, await host.SubscriptionsAsync(second.Id));
    }

    [Fact]
    public async Task Bad_registrations_are_problems_and_change_nothing()
    {
        var bob = await App.Client.RegisterAsync();
        var browser = new { endpoint = "https://fcm.googleapis.com/fcm/send/abc", keys = new { p256dh = "x", auth = "y" } };
        foreach (var body in new object[]
                 {
                     new { fcmToken = "" }, new { fcmToken = "short:token" }, new { fcmToken = new string('a', 1025) },
                     new { fcmToken = "a token with spaces that is long enough" }, new { fcmToken = "not/allowed/characters/in/a/token" },
                     new { fcmToken = FcmHost.NewToken(), browser.endpoint, browser.keys },
                 })
        {
            var problem = await (await App.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", body, bob.AccessToken))
                .ReadJsonAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("fcmToken", out _), problem.GetRawText());
        }
        Assert.Equal(0, await host.SubscriptionsAsync(bob.Id));
    }
}

/// <summary>On a host without Push:Fcm (the default), apps cannot register, and the key says so.</summary>
[Collection(ApiCollection.Name)]
public sealed class FcmOffTests(FowergramApp app)
{
    [Fact]
    public async Task Without_a_service_account_an_apps_token_is_refused_and_the_key_says_fcm_is_off()
    {
        Assert.False((await (await app.Client.GetAsync("/api/v1/push/key")).ReadJsonAsync()).GetProperty("fcm").GetBoolean());
        var bob = await app.Client.RegisterAsync();
        var problem = await (await app.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", new { fcmToken = FcmHost.NewToken() }, bob.AccessToken))
            .ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains("not configured", problem.GetProperty("errors").GetProperty("fcmToken")[0].GetString());
        var list = await (await app.Client.GetAsync("/api/v1/users/me/push-subscriptions", bob.AccessToken)).ReadJsonAsync();
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }
}
