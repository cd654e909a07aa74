using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// Native pushes straight to Apple (docs/social-graph.md "Native app pushes"), against <see cref="ApnsServiceStub"/> over
/// real HTTP/2 (APNs cannot be reached from here): registering an iOS app's device token, the push APNs gets with its
/// provider token, and APNs' answers.
/// </summary>
public sealed class ApnsPushTests(ApnsHost host) : IClassFixture<ApnsHost>
{
    private FowergramApp App => host.App;

    [Fact]
    public async Task An_ios_apps_device_token_registers_and_a_notice_reaches_it_over_http2_with_the_provider_token()
    {
        var key = await (await App.Client.GetAsync("/api/v1/push/key")).ReadJsonAsync();
        Assert.True(key.GetProperty("apns").GetBoolean());
        Assert.False(key.GetProperty("fcm").GetBoolean());
        var (bob, token) = await host.RegisteredAsync();
        var listed = (await (await App.Client.GetAsync("/api/v1/users/me/push-subscriptions", bob.AccessToken)).ReadJsonAsync()).GetProperty("items");
        var subscription = Assert.Single(listed.EnumerateArray());
        Assert.Equal(("apns", "apns"), (subscription.GetProperty("kind").GetString(), subscription.GetProperty("service").GetString()));
        Assert.DoesNotContain(token, listed.GetRawText(), StringComparison.OrdinalIgnoreCase);
        var again = await (await App.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", new { apnsToken = token.ToLowerInvariant() }, bob.AccessToken))
            .ReadJsonAsync(); // the same device, whatever the case of its hex: 200
        Assert.Equal(subscription.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());

        var (ann, cy) = (await App.Client.RegisterAsync(), await App.Client.RegisterAsync());
        await host.FollowAndDrainAsync(ann, bob);
        await host.RunJobAsync();
        await host.FollowAndDrainAsync(cy, bob);
        await host.RunJobAsync();

        var pushes = host.Apns.To(token.ToLowerInvariant());
        Assert.Equal(2, pushes.Count);
        Assert.All(pushes, p => Assert.Equal("HTTP/2", p.Protocol));
        Assert.Equal(pushes[0].Headers["authorization"], pushes[1].Headers["authorization"]); // one provider token for both pushes
        var first = pushes[0];
        Assert.Equal(ApnsServiceStub.BundleId, first.Headers["apns-topic"]);
        Assert.Equal("alert", first.Headers["apns-push-type"]);
        Assert.Equal("5", first.Headers["apns-priority"]);
        Assert.InRange(long.Parse(first.Headers["apns-expiration"]) - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 80_000, 90_000);
        var aps = first.Body.GetProperty("aps");
        Assert.Equal($"{ann.Username} started following you.", aps.GetProperty("alert").GetProperty("body").GetString());
        var payload = first.Body.GetProperty("payload");
        Assert.Equal("follow", payload.GetProperty("type").GetString());
        Assert.Equal(ann.Username, payload.GetProperty("actor").GetString());
        if (payload.TryGetProperty("tag", out var tag))
        {
            Assert.Equal(tag.GetString(), first.Headers["apns-collapse-id"]);
            Assert.Equal(tag.GetString(), aps.GetProperty("thread-id").GetString());
        }
        Assert.Equal(0, await host.QueuedAsync(bob.Id));
    }

    [Fact]
    public async Task An_unregistered_device_is_dropped_a_throttled_push_is_tried_again_and_a_refused_one_keeps_the_app()
    {
        var ann = await App.Client.RegisterAsync();
        var (gone, goneToken) = await host.RegisteredAsync();
        var (busy, busyToken) = await host.RegisteredAsync();
        var (refused, refusedToken) = await host.RegisteredAsync();
        host.Apns.Answer(goneToken.ToLowerInvariant(), 410, "Unregistered");
        host.Apns.Answer(busyToken.ToLowerInvariant(), 429, "TooManyRequests");
        host.Apns.Answer(refusedToken.ToLowerInvariant(), 413, "PayloadTooLarge");
        foreach (var target in new[] { gone, busy, refused }) await host.FollowAndDrainAsync(ann, target);
        await host.RunJobAsync();

        Assert.Equal(0, await host.SubscriptionsAsync(gone.Id));
        Assert.Equal(1, await host.QueuedAsync(busy.Id));
        Assert.Equal(0, await host.QueuedAsync(refused.Id));
        Assert.Equal(1, await host.SubscriptionsAsync(refused.Id));
    }

    [Fact]
    public async Task An_error_answer_whose_json_is_not_an_object_is_tried_again_and_holds_back_no_other_push()
    {
        var ann = await App.Client.RegisterAsync();
        var (odd, oddToken) = await host.RegisteredAsync();
        var (bob, bobToken) = await host.RegisteredAsync();
        host.Apns.AnswerBody(oddToken.ToLowerInvariant(), 503, "[\"upstream connect error\"]"); // a proxy's answer, not Apple's {reason}
        foreach (var target in new[] { odd, bob }) await host.FollowAndDrainAsync(ann, target);

        await host.RunJobAsync();
        await host.RunJobAsync();

        Assert.Equal(1, await host.QueuedAsync(odd.Id)); // due again after a backoff
        Assert.Equal(0, await host.QueuedAsync(bob.Id));
        Assert.Single(host.Apns.To(bobToken.ToLowerInvariant())); // settled in the run that sent it, never sent twice
    }

    [Fact]
    public async Task An_expired_provider_token_is_made_again_and_the_push_sent_again()
    {
        var ann = await App.Client.RegisterAsync();
        var (bob, token) = await host.RegisteredAsync();
        var device = token.ToLowerInvariant();
        host.Apns.Answer(device, 403, "ExpiredProviderToken");
        await host.FollowAndDrainAsync(ann, bob);
        await host.RunJobAsync();
        Assert.Equal(1, await host.QueuedAsync(bob.Id));

        App.Clock.Advance(TimeSpan.FromSeconds(31)); // past the first backoff
        await host.RunJobAsync();
        Assert.Equal(0, await host.QueuedAsync(bob.Id));
        var pushes = host.Apns.To(device);
        Assert.Equal(2, pushes.Count);
        Assert.NotEqual(pushes[0].Headers["authorization"], pushes[1].Headers["authorization"]); // a new provider token
    }

    [Fact]
    public async Task Bad_device_tokens_are_problems_and_change_nothing()
    {
        var bob = await App.Client.RegisterAsync();
        foreach (var body in new object[]
                 {
                     new { apnsToken = "" }, new { apnsToken = new string('a', 62) }, new { apnsToken = new string('a', 202) },
                     new { apnsToken = new string('g', 64) }, new { apnsToken = ApnsHost.NewToken(), endpoint = "https://fcm.googleapis.com/fcm/send/x" },
                 })
        {
            var problem = await (await App.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", body, bob.AccessToken))
                .ReadJsonAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("apnsToken", out _), problem.GetRawText());
        }
        var fcmOff = await (await App.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", new { fcmToken = "x:" + new string('a', 40) }, bob.AccessToken))
            .ReadJsonAsync(HttpStatusCode.BadRequest); // this host sends to APNs only
        Assert.True(fcmOff.GetProperty("errors").TryGetProperty("fcmToken", out _));
        Assert.Equal(0, await host.SubscriptionsAsync(bob.Id));
    }
}
