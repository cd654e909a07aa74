using System.Security.Cryptography;
using System.Text.Json;
using Fowergram.Features.Notifications.Push;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// Push:Fcm and Push:Apns are checked at start (docs/social-graph.md "Native app pushes"): off when empty, and a key the
/// senders could not use is refused with the setting named, rather than failing every push later.
/// </summary>
public sealed class NativePushOptionsTests
{
    private static string ServiceAccount(string? privateKey = null, string project = "p") => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["project_id"] = project, ["client_email"] = "push@p.iam.gserviceaccount.com",
        ["private_key"] = privateKey ?? RSA.Create(2048).ExportPkcs8PrivateKeyPem(), ["token_uri"] = "https://oauth2.googleapis.com/token",
    });

    [Fact]
    public void Fcm_is_off_by_default_and_a_service_account_it_cannot_use_is_refused()
    {
        Assert.Empty(new PushOptions().Problems());
        Assert.False(new PushOptions().Fcm.Enabled);
        Assert.Empty(new PushOptions { Fcm = new FcmOptions { ServiceAccount = ServiceAccount() } }.Problems());
        foreach (var bad in new[] { "not json", "{}", ServiceAccount(project: ""), ServiceAccount(privateKey: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----") })
            Assert.Contains(new PushOptions { Fcm = new FcmOptions { ServiceAccount = bad } }.Problems(), p => p.StartsWith("Push:Fcm:ServiceAccount", StringComparison.Ordinal));
        Assert.Contains(new PushOptions { Fcm = new FcmOptions { Endpoint = "fcm.googleapis.com" } }.Problems(), p => p.StartsWith("Push:Fcm:Endpoint", StringComparison.Ordinal));
    }

    [Fact]
    public void Apns_is_off_by_default_and_needs_a_p256_key_its_ids_and_the_bundle_id()
    {
        Assert.False(new PushOptions().Apns.Enabled);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem();
        ApnsOptions Valid() => new() { PrivateKey = key, KeyId = "ABC123DEFG", TeamId = "TEAM456XYZ", BundleId = "com.example.app" };
        Assert.Empty(new PushOptions { Apns = Valid() }.Problems());

        var cases = new (Action<ApnsOptions> Break, string Setting)[]
        {
            (o => o.PrivateKey = ECDsa.Create(ECCurve.NamedCurves.nistP384).ExportPkcs8PrivateKeyPem(), "Push:Apns:PrivateKey"),
            (o => o.PrivateKey = RSA.Create(2048).ExportPkcs8PrivateKeyPem(), "Push:Apns:PrivateKey"),
            (o => o.KeyId = "short", "Push:Apns:KeyId"),
            (o => o.TeamId = null, "Push:Apns:TeamId"),
            (o => o.BundleId = " ", "Push:Apns:BundleId"),
            (o => o.Endpoint = "https://api.push.apple.com/3/device", "Push:Apns:Endpoint"),
        };
        foreach (var (breakIt, setting) in cases)
        {
            var options = Valid();
            breakIt(options);
            Assert.Contains(new PushOptions { Apns = options }.Problems(), p => p.StartsWith(setting, StringComparison.Ordinal));
        }
    }
}
