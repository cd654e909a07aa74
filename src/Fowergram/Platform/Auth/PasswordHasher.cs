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
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
            return PasswordCheck.Failed;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Derive(password, salt, iterations);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected)) return PasswordCheck.Failed;
        return iterations < Iterations ? PasswordCheck.SucceededNeedsRehash : PasswordCheck.Succeeded;
    }

    /// <summary>Spends the same work as a real check, so unknown accounts answer as slowly as wrong passwords.</summary>
    public void VerifyNothing(string password) => Derive(password, new byte[16], Iterations);

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
}

public enum PasswordCheck { Failed, Succeeded, SucceededNeedsRehash }
