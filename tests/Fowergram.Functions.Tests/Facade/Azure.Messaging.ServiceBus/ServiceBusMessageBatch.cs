// Facade of Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/api/Azure.Messaging.ServiceBus.net8.0.cs
// (the package's public API listing; package Azure.Messaging.ServiceBus 7.20.1). Source: src/Sender/ServiceBusMessageBatch.cs.
// Made only by ServiceBusModelFactory here (the sender's CreateMessageBatchAsync throws); such a batch behaves as the
// package's mock batch does (src/Primitives/ServiceBusModelFactory.cs, ListTransportBatch): TryAddMessage asks the
// callback and, when it agrees, appends to the caller's store; Count is the store's count.
namespace Azure.Messaging.ServiceBus;

public sealed class ServiceBusMessageBatch : IDisposable
{
    private readonly IList<ServiceBusMessage> _store;
    private readonly Func<ServiceBusMessage, bool> _tryAdd;

    private ServiceBusMessageBatch(IList<ServiceBusMessage> store, Func<ServiceBusMessage, bool> tryAdd) => (_store, _tryAdd) = (store, tryAdd);

    internal static ServiceBusMessageBatch ForModelFactory(IList<ServiceBusMessage> store, Func<ServiceBusMessage, bool>? tryAdd) =>
        new(store, tryAdd ?? (_ => true));

    public int Count => _store.Count;

    public bool TryAddMessage(ServiceBusMessage message)
    {
        if (!_tryAdd(message)) return false;
        _store.Add(message);
        return true;
    }

    public void Dispose()
    {
    }
}
