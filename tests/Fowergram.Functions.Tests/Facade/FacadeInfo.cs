namespace Fowergram.Functions.Tests.Facade;

/// <summary>
/// Everything under Facade/ mirrors the public API that src/Fowergram.Functions uses from packages the
/// build machines cannot restore, signature for signature, in the real namespaces. Each file names its
/// source. Nothing here runs: every body throws — except what the real packages offer for test doubles
/// and which works there without Azure (ServiceBusModelFactory; the protected constructors of
/// ServiceBusMessageActions, ServiceBusClient and ServiceBusSender; ServiceBusMessage and BlobSasBuilder, plain
/// data holders there too),
/// so tests can drive the Azure adapters' own logic. Constructors the real
/// packages keep internal are private here, so code compiled into this assembly cannot call what it
/// could not call for real.
/// </summary>
internal static class FacadeInfo
{
    public const string Message = "Compile-only facade of an Azure package; the real implementation runs in the Functions host.";
}
