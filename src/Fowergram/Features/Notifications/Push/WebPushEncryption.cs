using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188), one record: only the browser
/// that holds the subscription's private key reads the notice, not the push service that carries it. Tests hold it to
/// RFC 8291's Appendix A byte for byte.
/// </summary>
public static class WebPushEncryption
{
    public const int RecordSize = 4096;
    private const int HeaderSize = 16 + 4 + 1 + 65;
    private const int TagSize = 16;

    /// <summary>What fits in the one record push services must accept (RFC 8030: 4,096 bytes of body).</summary>
    public const int MaxPlaintext = RecordSize - HeaderSize - TagSize - 1;

    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, byte[] userAgentPublicKey, byte[] authSecret)
    {
        using var sender = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return Encrypt(plaintext, userAgentPublicKey, authSecret, sender, RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>With a given key pair and salt: each message must have fresh ones (the overload above); tests use the RFC's.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, byte[] userAgentPublicKey, byte[] authSecret, ECDiffieHellman sender, byte[] salt)
    {
        if (plaintext.Length > MaxPlaintext) throw new ArgumentException($"At most {MaxPlaintext} bytes fit in one record.", nameof(plaintext));
        using var userAgent = ImportPublic(userAgentPublicKey);
        var senderPublic = PublicKeyOf(sender);
        var shared = sender.DeriveRawSecretAgreement(userAgent.PublicKey);
        var keyInfo = Concat(Encoding.ASCII.GetBytes("WebPush: info\0"), userAgentPublicKey, senderPublic);
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, authSecret, keyInfo);
        var contentKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 16, salt, Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0"));
        var nonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 12, salt, Encoding.ASCII.GetBytes("Content-Encoding: nonce\0"));

        var body = new byte[HeaderSize + plaintext.Length + 1 + TagSize];
        salt.CopyTo(body, 0);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(16, 4), RecordSize);
        body[20] = (byte)senderPublic.Length;
        senderPublic.CopyTo(body, 21);
        var record = new byte[plaintext.Length + 1];
        plaintext.CopyTo(record);
        record[^1] = 2; // the last record's delimiter, no padding
        using var aes = new AesGcm(contentKey, TagSize);
        aes.Encrypt(nonce, record, body.AsSpan(HeaderSize, record.Length), body.AsSpan(HeaderSize + record.Length, TagSize));
        return body;
    }

    /// <summary>Whether <paramref name="key"/> is an uncompressed point on P-256 (what browsers give as <c>p256dh</c>).</summary>
    public static bool IsPublicKey(byte[] key)
    {
        if (key.Length != 65 || key[0] != 4) return false;
        try
        {
            using var _ = ImportPublic(key);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static byte[] PublicKeyOf(ECAlgorithm key)
    {
        var q = key.ExportParameters(false).Q;
        return Concat([4], q.X!, q.Y!);
    }

    private static ECDiffieHellman ImportPublic(byte[] key) => ECDiffieHellman.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = key[1..33], Y = key[33..65] },
    });

    private static byte[] Concat(params byte[][] parts)
    {
        var all = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(all, at);
            at += part.Length;
        }
        return all;
    }
}
