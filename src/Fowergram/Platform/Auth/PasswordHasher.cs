using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Fowergram.Platform.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA256 with a 16-byte salt and a 32-byte hash, stored as
/// <c>pbkdf2-sha256$iterations$salt$hash</c> so the cost can be raised later without breaking old hashes.
/// </summary>
public sealed class PasswordHasher(IOptions<AuthOptions> options)
{
    private const string Scheme = "pbkdf2-sha256";
    private int Iterations => options.Value.PasswordIterations;

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Derive(password, salt, Iterations);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture),
            Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public PasswordCheck Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) ||
            iterations < 1 || !TryBase64(parts[2], out var salt) || !TryBase64(parts[3], out var expected) || expected.Length == 0)
            return PasswordCheck.Failed; // a damaged stored hash must fail closed, not throw
        var actual = Derive(password, salt, iterations);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected)) return PasswordCheck.Failed;
        return iterations < Iterations ? PasswordCheck.SucceededNeedsRehash : PasswordCheck.Succeeded;
    }

    /// <summary>Spends the same work as a real check, so unknown accounts answer as slowly as wrong passwords.</summary>
    public void VerifyNothing(string password) => Derive(password, new byte[16], Iterations);

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var written)) return false;
        bytes = bytes[..written];
        return true;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
}

public enum PasswordCheck { Failed, Succeeded, SucceededNeedsRehash }
