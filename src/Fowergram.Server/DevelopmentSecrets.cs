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
        var dataDir = DataDirectory(builder.Configuration);
        Directory.CreateDirectory(dataDir);
        var keyFile = Path.Combine(dataDir, fileName);
        if (!File.Exists(keyFile)) File.WriteAllText(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.Configuration[setting] = File.ReadAllText(keyFile).Trim();
    }
}
