using System.Buffers.Text;
using System.Security.Cryptography;

namespace Fowergram.Features.Accounts;

/// <summary>
/// A refresh token is a <see cref="SecretToken"/> whose first 16 bytes are its family's key — one random key per login,
/// the same in every token the family rotates through — and whose last 16 are its own. The key lets a replay be
/// recognised as the family's after the replayed token's row was pruned (migration 0207): only someone who held one of
/// the family's tokens knows it. Rows keep the key's SHA-256, as they keep the token's.
/// </summary>
internal static class RefreshTokenKeys
{
    private const int KeyBytes = 16;

    public static byte[] NewFamilyKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    /// <summary>A new token of the family: its key, then 16 random bytes of its own.</summary>
    public static string NewToken(ReadOnlySpan<byte> familyKey)
    {
        Span<byte> bytes = stackalloc byte[SecretToken.Bytes];
        familyKey.CopyTo(bytes);
        RandomNumberGenerator.Fill(bytes[KeyBytes..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The family key a well-formed token (<see cref="SecretToken.IsWellFormed"/>) carries.</summary>
    public static byte[] FamilyKeyOf(string token) => Base64Url.DecodeFromChars(token)[..KeyBytes];

    public static string Hash(ReadOnlySpan<byte> familyKey) => Convert.ToHexStringLower(SHA256.HashData(familyKey));
}
