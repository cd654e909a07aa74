// Facade of Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.ServiceBus/src/ServiceBusMessageActions.cs
// (package Microsoft.Azure.Functions.Worker.Extensions.ServiceBus 5.24.0). Note DeadLetterMessageAsync takes a
// concrete Dictionary<string, object>?, unlike the SDK's receiver (IDictionary).
using Azure.Messaging.ServiceBus;

namespace Microsoft.Azure.Functions.Worker;

public class ServiceBusMessageActions
{
    /// <summary>The real one is "for mocking" (the working constructor is internal) and succeeds; so does this one.</summary>
    protected ServiceBusMessageActions()
    {
    }

    public virtual Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = default,
        CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public virtual Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify = default,
        string? deadLetterReason = default, string? deadLetterErrorDescription = default, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
