using System.Net;
using Fowergram.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>One device token registered as one kind of app push, then as the other (docs/social-graph.md "Native app pushes").</summary>
public sealed class NativeTokenKindTests(FcmAndApnsHost host) : IClassFixture<FcmAndApnsHost>
{
    [Fact]
    public async Task A_token_registered_as_fcm_then_as_apns_takes_the_apns_kind()
    {
        // The upsert refreshed the session and keys of the same endpoint but kept its kind: the app said "APNs now" and
        // kept getting its pushes through FCM, which does not know an APNs token.
        var app = host.App;
        var bob = await app.Client.RegisterAsync();
        var token = ApnsHost.NewToken().ToLowerInvariant(); // 64 hex digits: a shape both services' tokens may take
        var asFcm = await (await app.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", new { fcmToken = token }, bob.AccessToken))
            .ReadJsonAsync(HttpStatusCode.Created);

        var asApns = await (await app.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", new { apnsToken = token }, bob.AccessToken))
            .ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(asFcm.GetProperty("id").GetGuid(), asApns.GetProperty("id").GetGuid()); // one device, one subscription
        Assert.Equal(("apns", "apns"), (asApns.GetProperty("kind").GetString(), asApns.GetProperty("service").GetString()));
        var listed = (await (await app.Client.GetAsync("/api/v1/users/me/push-subscriptions", bob.AccessToken)).ReadJsonAsync()).GetProperty("items");
        Assert.Equal("apns", Assert.Single(listed.EnumerateArray()).GetProperty("kind").GetString());
        Assert.Equal(1, await host.SubscriptionsAsync(bob.Id));
    }
}

/// <summary>A host on a database of its own that sends app pushes both through FCM and straight to APNs.</summary>
public sealed class FcmAndApnsHost : PushJobHost
{
    private FcmServiceStub _fcm = null!;
    private ApnsServiceStub _apns = null!;

    protected override async Task StartServiceAsync() => (_fcm, _apns) = (await FcmServiceStub.StartAsync(), await ApnsServiceStub.StartAsync());

    protected override void Configure(WebApplicationBuilder b)
    {
        b.Configuration["Push:Fcm:ServiceAccount"] = _fcm.ServiceAccountJson();
        b.Configuration["Push:Fcm:Endpoint"] = _fcm.Origin;
        b.Configuration["Push:Apns:PrivateKey"] = _apns.PrivateKeyPem();
        b.Configuration["Push:Apns:KeyId"] = ApnsServiceStub.KeyId;
        b.Configuration["Push:Apns:TeamId"] = ApnsServiceStub.TeamId;
        b.Configuration["Push:Apns:BundleId"] = ApnsServiceStub.BundleId;
        b.Configuration["Push:Apns:Endpoint"] = _apns.Origin;
    }

    protected override async ValueTask StopServiceAsync()
    {
        await _fcm.DisposeAsync();
        await _apns.DisposeAsync();
    }
}
