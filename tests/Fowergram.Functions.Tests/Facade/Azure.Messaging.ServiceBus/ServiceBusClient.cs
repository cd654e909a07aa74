// Facade of Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/api/Azure.Messaging.ServiceBus.net8.0.cs
// (the package's public API listing; package Azure.Messaging.ServiceBus 7.20.1). Source: src/Client/ServiceBusClient.cs.
using Azure.Core;

namespace Azure.Messaging.ServiceBus;

public class ServiceBusClient : IAsyncDisposable
{
    /// <summary>"For mocking" in the package, and it succeeds there; so does this one.</summary>
    protected ServiceBusClient()
    {
    }

    public ServiceBusClient(string connectionString) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public ServiceBusClient(string fullyQualifiedNamespace, TokenCredential credential) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual ServiceBusSender CreateSender(string queueOrTopicName) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual ValueTask DisposeAsync() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
