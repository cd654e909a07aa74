// Facade of Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/api/Azure.Messaging.ServiceBus.net8.0.cs
// (the package's public API listing; package Azure.Messaging.ServiceBus 7.20.1). Source: src/Sender/ServiceBusSender.cs.
namespace Azure.Messaging.ServiceBus;

public class ServiceBusSender : IAsyncDisposable
{
    /// <summary>"For mocking" in the package, and it succeeds there; so does this one.</summary>
    protected ServiceBusSender()
    {
    }

    public virtual ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual ValueTask DisposeAsync() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
