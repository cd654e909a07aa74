using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Opaque bearer secrets (refresh, e-mail verification and password-reset tokens): 32 random bytes
/// as base64url. The database keeps only the SHA-256 hex of the text, so a leaked table grants nothing.
/// </summary>
public static class SecretToken
{
    internal const int Bytes = 32;
    private static readonly int TextLength = Base64Url.GetEncodedLength(Bytes);

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Cheap shape check, so garbage never reaches the database.</summary>
    public static bool IsWellFormed(string? token) =>
        token is not null && token.Length == TextLength && Base64Url.IsValid(token.AsSpan(), out var decoded) && decoded == Bytes;
}
