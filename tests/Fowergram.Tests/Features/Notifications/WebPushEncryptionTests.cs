using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fowergram.Features.Notifications.Push;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Email;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>The push message's encryption (RFC 8291) against the RFC's own example, and the VAPID token (RFC 8292).</summary>
public sealed class WebPushEncryptionTests
{
    private static byte[] B64(string text) => Base64Url.DecodeFromChars(text);

    [Fact]
    public void Reproduces_the_rfc_8291_example_byte_for_byte()
    {
        // RFC 8291, Appendix A.
        using var sender = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256, D = B64("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"),
        });
        var body = WebPushEncryption.Encrypt("When I grow up, I want to be a watermelon"u8,
            B64("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"), B64("BTBZMqHH6r4Tts7J_aSIgg"),
            sender, B64("DGv6ra1nlYgDCS1FRnbzlw"));
        Assert.Equal("DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
            Base64Url.EncodeToString(body));

        using var userAgent = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256, D = B64("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"),
        });
        Assert.Equal("When I grow up, I want to be a watermelon", Encoding.UTF8.GetString(TestBrowser.Decrypt(body, userAgent, B64("BTBZMqHH6r4Tts7J_aSIgg"))));
    }

    [Fact]
    public void Each_message_has_its_own_key_and_salt_and_only_its_browser_reads_it()
    {
        using var browser = new TestBrowser();
        using var other = new TestBrowser();
        var publicKey = WebPushEncryption.PublicKeyOf(browser.Key);
        var first = WebPushEncryption.Encrypt("hello"u8, publicKey, browser.Auth);
        var second = WebPushEncryption.Encrypt("hello"u8, publicKey, browser.Auth);
        Assert.NotEqual(first[..16], second[..16]);
        Assert.NotEqual(first[21..86], second[21..86]);
        Assert.Equal("hello", browser.Read(first));
        Assert.ThrowsAny<CryptographicException>(() => TestBrowser.Decrypt(first, other.Key, browser.Auth));
        Assert.ThrowsAny<CryptographicException>(() => TestBrowser.Decrypt(first, browser.Key, other.Auth));
        Assert.Throws<ArgumentException>(() => WebPushEncryption.Encrypt(new byte[WebPushEncryption.MaxPlaintext + 1], publicKey, browser.Auth));
        Assert.Equal(4096, WebPushEncryption.Encrypt(new byte[WebPushEncryption.MaxPlaintext], publicKey, browser.Auth).Length);
    }

    [Fact]
    public void Only_points_on_p256_are_browser_keys()
    {
        using var browser = new TestBrowser();
        var key = WebPushEncryption.PublicKeyOf(browser.Key);
        Assert.True(WebPushEncryption.IsPublicKey(key));
        var offCurve = key.ToArray();
        offCurve[64] ^= 1;
        Assert.False(WebPushEncryption.IsPublicKey(offCurve));
        Assert.False(WebPushEncryption.IsPublicKey(key[..33]));
        var compressedTag = key.ToArray();
        compressedTag[0] = 3;
        Assert.False(WebPushEncryption.IsPublicKey(compressedTag));
    }

    [Fact]
    public void The_vapid_token_is_an_es256_jwt_for_the_endpoints_origin_signed_by_the_key_it_names()
    {
        var auth = Options.Create(new AuthOptions { SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        var vapid = new VapidKeys(Options.Create(new PushOptions { Subject = "mailto:ops@fowergram.test" }), auth, Options.Create(new EmailOptions()));
        var now = DateTimeOffset.UtcNow;
        var header = vapid.Authorization(new Uri("https://fcm.googleapis.com/fcm/send/abc:def?x=1"), now);

        var parts = header.Split(", ");
        Assert.StartsWith("vapid t=", parts[0]);
        Assert.Equal($"k={vapid.PublicKey}", parts[1]);
        var jwt = parts[0]["vapid t=".Length..].Split('.');
        Assert.Equal("""{"typ":"JWT","alg":"ES256"}""", Encoding.UTF8.GetString(B64(jwt[0])));
        using var claims = JsonDocument.Parse(B64(jwt[1]));
        Assert.Equal("https://fcm.googleapis.com", claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal("mailto:ops@fowergram.test", claims.RootElement.GetProperty("sub").GetString());
        var exp = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
        Assert.InRange(exp, now.AddHours(1), now.AddHours(24));

        var publicKey = B64(vapid.PublicKey);
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..65] },
        });
        Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes($"{jwt[0]}.{jwt[1]}"), B64(jwt[2]), HashAlgorithmName.SHA256));

        // The same signing key gives the same VAPID key on every instance; another gives another.
        Assert.Equal(vapid.PublicKey, new VapidKeys(Options.Create(new PushOptions()), auth, Options.Create(new EmailOptions())).PublicKey);
        var rotated = Options.Create(new AuthOptions { SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        Assert.NotEqual(vapid.PublicKey, new VapidKeys(Options.Create(new PushOptions()), rotated, Options.Create(new EmailOptions())).PublicKey);

        // Without Push:Subject the contact is the address mails come from.
        var fromMail = new VapidKeys(Options.Create(new PushOptions()), auth, Options.Create(new EmailOptions { From = "Fowergram <no-reply@fowergram.test>" }));
        var token = fromMail.Authorization(new Uri("https://fcm.googleapis.com/x"), now).Split('.')[1];
        Assert.Equal("mailto:no-reply@fowergram.test", JsonDocument.Parse(B64(token)).RootElement.GetProperty("sub").GetString());
    }

    [Theory]
    [InlineData("https://fcm.googleapis.com/fcm/send/x", true)]
    [InlineData("https://web.push.apple.com/QGZ", true)]
    [InlineData("https://push.apple.com/QGZ", false)]
    [InlineData("https://evilpush.apple.com.example.net/x", false)]
    [InlineData("http://fcm.googleapis.com/fcm/send/x", false)]
    [InlineData("https://fcm.googleapis.com:8443/fcm/send/x", false)]
    [InlineData("https://169.254.169.254/latest/meta-data", false)]
    public void Only_the_allowed_push_services_are_endpoints(string endpoint, bool allowed)
    {
        var origins = new PushOptions { AllowedEndpoints = "https://fcm.googleapis.com, https://*.push.apple.com" }.Origins();
        Assert.Equal(allowed, origins.Any(o => o.Allows(new Uri(endpoint))));
    }
}
