using System.Diagnostics;
using Npgsql;

namespace Fowergram.Tests.Migrations;

/// <summary>pg_dump --schema-only of a database, normalised for comparison.</summary>
internal static class PgDump
{
    public static async Task<string> SchemaAsync(string connectionString)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--schema-only", "--host", cs.Host!, "--port", cs.Port.ToString(), "--username", cs.Username!, cs.Database! })
            start.ArgumentList.Add(arg);
        if (!string.IsNullOrEmpty(cs.Password)) start.Environment["PGPASSWORD"] = cs.Password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pg_dump failed: {await errors}");
        // Comments carry nothing structural; \restrict and \unrestrict carry a random key per run.
        return string.Join('\n', (await output).Split('\n')
            .Where(line => !line.StartsWith("--", StringComparison.Ordinal) &&
                           !line.StartsWith(@"\restrict", StringComparison.Ordinal) &&
                           !line.StartsWith(@"\unrestrict", StringComparison.Ordinal) &&
                           line.Length > 0));
    }

    /// <summary>FOWERGRAM_PG_BIN (set by scripts/lib.sh), else the newest installed PostgreSQL, else PATH.</summary>
    private static string Executable()
    {
        if (Environment.GetEnvironmentVariable("FOWERGRAM_PG_BIN") is { Length: > 0 } bin) return Path.Combine(bin, "pg_dump");
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin", "pg_dump")).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? "pg_dump";
    }
}
