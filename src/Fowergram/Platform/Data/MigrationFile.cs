using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Fowergram.Platform.Data;

/// <summary>A pair of <c>NNNN_verb_noun.up.sql</c> / <c>.down.sql</c> files embedded in this assembly.</summary>
public sealed record MigrationFile(int Version, string Name, string Up, string? Down)
{
    // Computed on read, not stored: a `with { Up = ... }` copy must not carry the original's checksum.
    public string Checksum => ComputeChecksum(Up);

    public static string ComputeChecksum(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.Replace("\r\n", "\n"))));

    public static IReadOnlyList<MigrationFile> LoadEmbedded() => Load(typeof(MigrationFile).Assembly);

    private static readonly Regex FileName = new(@"^migrations/(?<version>\d{4})_(?<name>[a-z0-9_]+)\.(?<dir>up|down)\.sql$");

    public static IReadOnlyList<MigrationFile> Load(Assembly assembly)
    {
        var parts = new Dictionary<int, (string Name, string? Up, string? Down)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = FileName.Match(resource);
            if (!match.Success) continue;
            var version = int.Parse(match.Groups["version"].Value);
            var name = match.Groups["name"].Value;
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            var sql = reader.ReadToEnd();
            var current = parts.GetValueOrDefault(version, (name, null, null));
            if (current.Name != name)
                throw new InvalidOperationException($"Migration {version:D4} has two names: {current.Name} and {name}.");
            parts[version] = match.Groups["dir"].Value == "up" ? current with { Up = sql } : current with { Down = sql };
        }
        return parts.OrderBy(p => p.Key)
            .Select(p => new MigrationFile(p.Key, p.Value.Name,
                p.Value.Up ?? throw new InvalidOperationException($"Migration {p.Key:D4}_{p.Value.Name} has no .up.sql."),
                p.Value.Down))
            .ToList();
    }
}
