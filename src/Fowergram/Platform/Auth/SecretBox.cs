using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Fowergram.Platform.Auth;

/// <summary>
/// Seals small secrets the server must read back (two-factor seeds) with AES-256-GCM, under a key derived (HKDF-SHA256)
/// from Auth:SigningKey for this one purpose, so a copy of the database alone does not give them away. Rotating the
/// signing key makes the sealed secrets unreadable: their owners enrol again (docs/accounts.md "Two-factor").
/// </summary>
public sealed class SecretBox(IOptions<AuthOptions> options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, options.Value.SigningKeyBytes(), 32,
        info: Encoding.ASCII.GetBytes("fowergram two-factor secrets"));

    /// <summary>nonce ‖ tag ‖ ciphertext.</summary>
    public byte[] Seal(byte[] plain)
    {
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        return sealedBytes;
    }

    /// <summary>The secret, or null when it was sealed under another key or altered.</summary>
    public byte[]? Open(byte[] sealedBytes)
    {
        if (sealedBytes.Length < NonceSize + TagSize) return null;
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain);
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
