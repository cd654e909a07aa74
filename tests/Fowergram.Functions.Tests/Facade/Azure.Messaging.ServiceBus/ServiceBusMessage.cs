// Facade of Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/api/Azure.Messaging.ServiceBus.net8.0.cs
// (the package's public API listing; package Azure.Messaging.ServiceBus 7.20.1). Source: src/Primitives/ServiceBusMessage.cs.
namespace Azure.Messaging.ServiceBus;

public class ServiceBusMessage
{
    public ServiceBusMessage(string body) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public string ContentType
    {
        get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
        set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
    }

    public string MessageId
    {
        get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
        set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
    }

    public string Subject
    {
        get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
        set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
    }
}
