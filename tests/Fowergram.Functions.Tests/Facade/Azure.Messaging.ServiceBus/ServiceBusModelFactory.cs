// Facade of Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/api/Azure.Messaging.ServiceBus.net8.0.cs
// (package Azure.Messaging.ServiceBus 7.20.1). Source: src/Primitives/ServiceBusModelFactory.cs — "for mocking".
// The real factory works outside Azure, so this one does too: a received message with the members the facade's
// message has (body, message id, delivery count; every other argument is accepted, as in the real signature, and
// ignored), and a batch that behaves as the package's mock batch.
using System.ComponentModel;

namespace Azure.Messaging.ServiceBus;

[EditorBrowsable(EditorBrowsableState.Never)]
public static class ServiceBusModelFactory
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static ServiceBusReceivedMessage ServiceBusReceivedMessage(BinaryData? body = null, string? messageId = null, string? partitionKey = null,
        string? viaPartitionKey = null, string? sessionId = null, string? replyToSessionId = null, TimeSpan timeToLive = default,
        string? correlationId = null, string? subject = null, string? to = null, string? contentType = null, string? replyTo = null,
        DateTimeOffset scheduledEnqueueTime = default, IDictionary<string, object>? properties = null, Guid lockTokenGuid = default,
        int deliveryCount = 0, DateTimeOffset lockedUntil = default, long sequenceNumber = -1, string? deadLetterSource = null,
        long enqueuedSequenceNumber = 0, DateTimeOffset enqueuedTime = default) =>
        Azure.Messaging.ServiceBus.ServiceBusReceivedMessage.ForModelFactory(body, messageId, deliveryCount);

    [EditorBrowsable(EditorBrowsableState.Never)]
    public static ServiceBusMessageBatch ServiceBusMessageBatch(long batchSizeBytes, IList<ServiceBusMessage> batchMessageStore,
        CreateMessageBatchOptions? batchOptions = null, Func<ServiceBusMessage, bool>? tryAddCallback = null) =>
        Azure.Messaging.ServiceBus.ServiceBusMessageBatch.ForModelFactory(batchMessageStore, tryAddCallback);
}
