// Facade of Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/api/Azure.Messaging.ServiceBus.net8.0.cs
// (the package's public API listing; package Azure.Messaging.ServiceBus 7.20.1). Source: src/Sender/ServiceBusMessageBatch.cs.
namespace Azure.Messaging.ServiceBus;

public sealed class ServiceBusMessageBatch : IDisposable
{
    private ServiceBusMessageBatch() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public int Count => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public bool TryAddMessage(ServiceBusMessage message) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public void Dispose() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
