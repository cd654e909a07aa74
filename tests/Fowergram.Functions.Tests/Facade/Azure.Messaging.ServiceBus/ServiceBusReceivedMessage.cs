// Facade of Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/api/Azure.Messaging.ServiceBus.net8.0.cs
// (the package's public API listing; package Azure.Messaging.ServiceBus 7.20.1). Source: src/Primitives/ServiceBusReceivedMessage.cs.
// BinaryData is the real System.BinaryData (System.Memory.Data, restored here through Azure.Identity).
namespace Azure.Messaging.ServiceBus;

public class ServiceBusReceivedMessage
{
    private ServiceBusReceivedMessage() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public BinaryData Body => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public int DeliveryCount => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public string MessageId => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
