using System.Security.Cryptography;

namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// <c>Push:Apns</c>: native pushes straight to Apple's push service, token-based (docs/social-graph.md "Native app pushes"),
/// for an iOS app that does not use Firebase. Off until <see cref="PrivateKey"/> is set.
/// </summary>
public sealed class ApnsOptions
{
    /// <summary>The APNs authentication key (the <c>.p8</c> file's PEM text, a P-256 private key); on Azure a Key Vault reference.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>The key's id (10 characters, from the Apple developer account).</summary>
    public string? KeyId { get; set; }

    /// <summary>The developer team's id (10 characters).</summary>
    public string? TeamId { get; set; }

    /// <summary>The app's bundle id: the <c>apns-topic</c> every push names.</summary>
    public string? BundleId { get; set; }

    /// <summary>APNs' origin: production, or <c>https://api.sandbox.push.apple.com</c> for development builds' tokens.</summary>
    public string Endpoint { get; set; } = "https://api.push.apple.com";

    public bool Enabled => !string.IsNullOrWhiteSpace(PrivateKey);

    /// <summary>The signing key, or null when <see cref="PrivateKey"/> is no P-256 private key.</summary>
    public ECDsa? SigningKey()
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(PrivateKey);
            if (key.KeySize == 256) return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException) { }
        key.Dispose();
        return null;
    }

    public IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http") || endpoint.AbsolutePath != "/")
            yield return "Push:Apns:Endpoint must be an origin such as https://api.push.apple.com.";
        if (!Enabled) yield break;
        using (var key = SigningKey())
            if (key is null) yield return "Push:Apns:PrivateKey must be the APNs authentication key's PEM text (the .p8 file: a P-256 private key).";
        if (KeyId is not { Length: 10 } || !KeyId.All(char.IsAsciiLetterOrDigit)) yield return "Push:Apns:KeyId must be the key's 10-character id.";
        if (TeamId is not { Length: 10 } || !TeamId.All(char.IsAsciiLetterOrDigit)) yield return "Push:Apns:TeamId must be the team's 10-character id.";
        if (string.IsNullOrWhiteSpace(BundleId)) yield return "Push:Apns:BundleId must be the app's bundle id (the apns-topic).";
    }
}
