using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Fowergram.Functions.Tests.Infrastructure;

/// <summary>
/// The Bicep CLI pinned in Directory.Packages.props (Azure.Bicep.CommandLine.linux-x64), run once per test
/// run on infra/main.bicep. Its build props set $(BicepPath), which the test project writes into this
/// assembly's metadata. `bicep build` runs the linter's default rules as well (what `bicep lint` reports),
/// so one run yields every diagnostic and the ARM template azd would deploy.
/// </summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3); // ~3 s normally; the machine is shared

    /// <summary>The compiled infra/main.bicep. Built on first use; a failure to run the CLI fails every test that asks.</summary>
    public static BicepBuild Main => MainBuild.Value;

    private static readonly Lazy<BicepBuild> MainBuild = new(() => Build(Path.Combine(RepoFiles.Root, "infra", "main.bicep")));

    private static BicepBuild Build(string bicepFile)
    {
        var cli = Executable();
        var start = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "build", bicepFile, "--stdout" }) start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Could not run the Bicep CLI at {cli} on {RuntimeInformation.RuntimeIdentifier} ({e.Message}). The package the " +
                "tests reference is Azure.Bicep.CommandLine.linux-x64; on another platform reference that platform's package " +
                "(Azure.Bicep.CommandLine.<rid>) or build with -p:BicepPath=<a bicep executable>.", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"bicep build {bicepFile} did not finish within {Timeout}.");
            }
            return new BicepBuild(process.ExitCode, errors.Result.Trim(), process.ExitCode == 0 ? JsonDocument.Parse(output.Result).RootElement : null);
        }
    }

    private static string Executable()
    {
        var configured = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(configured))
            throw new InvalidOperationException("No BicepPath in the test assembly's metadata: was the Azure.Bicep.CommandLine package restored?");
        // The package's props join its folders with '\', which only Windows reads as a separator.
        var path = Path.GetFullPath(OperatingSystem.IsWindows() ? configured : configured.Replace('\\', '/'));
        if (!File.Exists(path)) throw new FileNotFoundException("The Bicep CLI is not where $(BicepPath) says.", path);
        if (!OperatingSystem.IsWindows()) MakeExecutable(path);
        return path;
    }

    /// <summary>NuGet extracts a package's files without their executable bit on some machines.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakeExecutable(string path)
    {
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0) File.SetUnixFileMode(path, mode | execute);
    }
}

/// <param name="ExitCode">0 when it compiled (warnings do not change it).</param>
/// <param name="Diagnostics">Every error, warning and linter finding, one per line; empty when there are none.</param>
/// <param name="Template">The ARM JSON, when it compiled.</param>
public sealed record BicepBuild(int ExitCode, string Diagnostics, JsonElement? Template)
{
    /// <summary>The ARM template, or a failure that says why there is none.</summary>
    public ArmTemplate Arm => Template is { } template
        ? new ArmTemplate(template)
        : throw new InvalidOperationException($"infra/main.bicep did not compile (bicep exited {ExitCode}):\n{Diagnostics}");
}
