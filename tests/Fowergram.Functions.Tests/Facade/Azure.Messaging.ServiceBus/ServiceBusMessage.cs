// Facade of Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/api/Azure.Messaging.ServiceBus.net8.0.cs
// (the package's public API listing; package Azure.Messaging.ServiceBus 7.20.1). Source: src/Primitives/ServiceBusMessage.cs.
// A plain data holder in the package too (nothing in it needs Azure), so this one holds its data.
namespace Azure.Messaging.ServiceBus;

public class ServiceBusMessage
{
    public ServiceBusMessage(string body) => Body = BinaryData.FromString(body);

    public BinaryData Body { get; set; }

    public string ContentType { get; set; } = null!;

    public string MessageId { get; set; } = null!;

    public string Subject { get; set; } = null!;
}
