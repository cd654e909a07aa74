using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Net.Mail;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Email;
using Microsoft.Extensions.Options;

namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// The application server's identity towards push services (VAPID, RFC 8292): browsers subscribe with its public key
/// (<c>applicationServerKey</c>), and each push carries a short-lived ES256 token for the endpoint's origin, so a stolen
/// subscription cannot be used by anyone without this key. Derived from Auth:SigningKey unless Push:VapidPrivateKey is
/// set: rotating the signing key changes it, and every subscription then answers 403 and is dropped (browsers subscribe
/// again with the new key, which <c>GET /push/key</c> gives).
/// </summary>
public sealed class VapidKeys
{
    /// <summary>RFC 8292 allows at most 24 hours; half leaves room for clocks that differ.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);

    private readonly ECDsa _key;
    private readonly string? _subject;

    public VapidKeys(IOptions<PushOptions> push, IOptions<AuthOptions> auth, IOptions<EmailOptions> email)
    {
        var d = TryDecodePrivate(push.Value.VapidPrivateKey) ?? Derive(auth.Value.SigningKeyBytes());
        _key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
        _subject = string.IsNullOrEmpty(push.Value.Subject) ? Contact(email.Value.From) : push.Value.Subject;
        PublicKey = Base64Url.EncodeToString(WebPushEncryption.PublicKeyOf(_key));
    }

    /// <summary>base64url of the uncompressed public point: the browser's <c>applicationServerKey</c>.</summary>
    public string PublicKey { get; }

    /// <summary>The <c>Authorization</c> header's value for a push to <paramref name="endpoint"/>.</summary>
    public string Authorization(Uri endpoint, DateTimeOffset now)
    {
        var header = Base64Url.EncodeToString("""{"typ":"JWT","alg":"ES256"}"""u8);
        var claims = new Dictionary<string, object> { ["aud"] = endpoint.GetLeftPart(UriPartial.Authority), ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds() };
        if (_subject is not null) claims["sub"] = _subject;
        var signed = $"{header}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        // ES256 is the raw r ‖ s (IEEE P1363), which ECDsa gives by default.
        byte[] signature;
        lock (_key) signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256); // one key, parallel sends

        return $"vapid t={signed}.{Base64Url.EncodeToString(signature)}, k={PublicKey}";
    }

    /// <summary>Without Push:Subject, the address mails come from: the operator's contact already (null if it is none).</summary>
    private static string? Contact(string from) => MailAddress.TryCreate(from, out var address) ? $"mailto:{address.Address}" : null;

    public static byte[]? TryDecodePrivate(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            var d = Base64Url.DecodeFromChars(text);
            if (d.Length != 32) return null;
            using var _ = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
            return d;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>32 bytes from the signing key for this one purpose; a value outside the curve's order (odds 2^-32) takes the next counter.</summary>
    private static byte[] Derive(byte[] signingKey)
    {
        for (var i = 0; ; i++)
        {
            var d = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey, 32, info: Encoding.ASCII.GetBytes($"fowergram web push vapid {i}"));
            try
            {
                using var _ = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
                return d;
            }
            catch (CryptographicException) { }
        }
    }
}
