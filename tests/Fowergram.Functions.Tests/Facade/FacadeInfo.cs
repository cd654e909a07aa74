namespace Fowergram.Functions.Tests.Facade;

/// <summary>
/// Everything under Facade/ mirrors the public API that src/Fowergram.Functions uses from the one package
/// the build machines' mirror still cannot restore, Microsoft.Azure.Functions.Worker.Extensions.ServiceBus
/// (ServiceBusTriggerAttribute, ServiceBusMessageActions), signature for signature, in the real namespaces,
/// on top of the real Worker and Azure.Messaging.ServiceBus packages. Each file names its source. Nothing here
/// runs: every body throws — except the protected constructor of ServiceBusMessageActions, which the real
/// package offers for test doubles, so tests can drive the Service Bus adapter's settlement logic.
/// </summary>
internal static class FacadeInfo
{
    public const string Message = "Compile-only facade of an Azure package; the real implementation runs in the Functions host.";
}
