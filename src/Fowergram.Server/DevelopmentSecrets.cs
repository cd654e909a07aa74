using System.Security.Cryptography;

namespace Fowergram.Server;

/// <summary>
/// Lets a developer run the Server host with no configuration: outside Production, a missing
/// token signing key is generated once and kept under .data/ so tokens survive restarts.
/// Production must configure Auth__SigningKey; startup fails without it.
/// </summary>
internal static class DevelopmentSecrets
{
    public static void Apply(WebApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration["Auth:SigningKey"])) return;
        if (builder.Environment.IsProduction())
            throw new InvalidOperationException("Auth:SigningKey must be configured in Production (set Auth__SigningKey).");
        var dataDir = builder.Configuration["Fowergram:DataDirectory"] ?? Path.Combine(Directory.GetCurrentDirectory(), ".data");
        Directory.CreateDirectory(dataDir);
        var keyFile = Path.Combine(dataDir, "dev-signing-key");
        if (!File.Exists(keyFile)) File.WriteAllText(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.Configuration["Auth:SigningKey"] = File.ReadAllText(keyFile).Trim();
    }
}
