using System.Security.Cryptography;

namespace Fowergram.Server;

/// <summary>
/// Lets a developer run the Server host with no configuration: outside Production, a missing
/// signing key (access tokens, local media URLs) is generated once and kept under .data/ so tokens
/// and URLs survive restarts. Production must configure Auth__SigningKey and Media__SigningKey;
/// startup fails without them.
/// </summary>
internal static class DevelopmentSecrets
{
    public static void Apply(WebApplicationBuilder builder)
    {
        EnsureKey(builder, "Auth:SigningKey", "dev-signing-key");
        EnsureKey(builder, "Media:SigningKey", "dev-media-signing-key");
    }

    /// <summary>The Server host's files: <c>Fowergram:DataDirectory</c>, else ./.data.</summary>
    public static string DataDirectory(IConfiguration configuration) =>
        configuration["Fowergram:DataDirectory"] ?? Path.Combine(Directory.GetCurrentDirectory(), ".data");

    private static void EnsureKey(WebApplicationBuilder builder, string setting, string fileName)
    {
        if (!string.IsNullOrEmpty(builder.Configuration[setting])) return;
        if (builder.Environment.IsProduction())
            throw new InvalidOperationException($"{setting} must be configured in Production (set {setting.Replace(":", "__")}).");
        builder.Configuration[setting] = KeyIn(DataDirectory(builder.Configuration), fileName);
    }

    /// <summary>
    /// The key kept in <paramref name="fileName"/>, made on first use. Hosts starting side by side (tests run several) race
    /// to make it: only the one whose exclusive create succeeds writes a key, and every host reads until the file holds a
    /// whole one, so all of them use the same key and none an empty or half-written file.
    /// </summary>
    internal static string KeyIn(string dataDir, string fileName)
    {
        Directory.CreateDirectory(dataDir);
        var keyFile = Path.Combine(dataDir, fileName);
        try
        {
            using var file = new FileStream(keyFile, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            file.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes))));
        }
        catch (IOException) when (File.Exists(keyFile)) { } // made already, or being made by another host
        for (var attempt = 0; ; attempt++)
        {
            var key = File.ReadAllText(keyFile).Trim();
            if (IsWholeKey(key)) return key;
            if (attempt == 200) throw new InvalidOperationException($"{keyFile} does not hold a key; delete it to have a new one made.");
            Thread.Sleep(5); // its maker has created it and not yet written it
        }
    }

    private const int KeyBytes = 32;

    private static bool IsWholeKey(string text)
    {
        var bytes = new byte[KeyBytes + 3];
        return Convert.TryFromBase64String(text, bytes, out var length) && length >= KeyBytes;
    }
}
