namespace Fowergram.Functions.Tests.Facade;

/// <summary>
/// Everything under Facade/ mirrors the public API that src/Fowergram.Functions uses from packages the
/// build machines cannot restore, signature for signature, in the real namespaces. Each file names its
/// source. Nothing here runs: every body throws.
/// </summary>
internal static class FacadeInfo
{
    public const string Message = "Compile-only facade of an Azure package; the real implementation runs in the Functions host.";
}
