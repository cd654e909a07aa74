// Facade of Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/api/Azure.Messaging.ServiceBus.net8.0.cs
// (package Azure.Messaging.ServiceBus 7.20.1). Source: src/Sender/CreateMessageBatchOptions.cs. Here only as a parameter type
// of ServiceBusModelFactory.ServiceBusMessageBatch.
namespace Azure.Messaging.ServiceBus;

public class CreateMessageBatchOptions
{
    public long? MaxSizeInBytes { get; set; }
}
