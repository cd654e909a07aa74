// Facade of Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/api/Azure.Messaging.ServiceBus.net8.0.cs
// (the package's public API listing; package Azure.Messaging.ServiceBus 7.20.1). Source: src/Primitives/ServiceBusReceivedMessage.cs.
// BinaryData is the real System.BinaryData (System.Memory.Data, restored here through Azure.Identity).
namespace Azure.Messaging.ServiceBus;

public class ServiceBusReceivedMessage
{
    private readonly BinaryData? _body;
    private readonly string? _messageId;
    private readonly int _deliveryCount;

    /// <summary>Internal in the package; only <see cref="ServiceBusModelFactory"/> makes one, as it does for real.</summary>
    private ServiceBusReceivedMessage(BinaryData? body, string? messageId, int deliveryCount) =>
        (_body, _messageId, _deliveryCount) = (body, messageId, deliveryCount);

    internal static ServiceBusReceivedMessage ForModelFactory(BinaryData? body, string? messageId, int deliveryCount) =>
        new(body, messageId, deliveryCount);

    public BinaryData Body => _body ?? new BinaryData(Array.Empty<byte>());

    public int DeliveryCount => _deliveryCount;

    public string MessageId => _messageId!;
}
