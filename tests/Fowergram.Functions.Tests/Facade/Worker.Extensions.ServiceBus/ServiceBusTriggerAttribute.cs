// Facade of Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.ServiceBus/src/ServiceBusTriggerAttribute.cs
// (package Microsoft.Azure.Functions.Worker.Extensions.ServiceBus 5.24.0). AutoCompleteMessages: a plain bool
// whose unset value defers to host.json's extensions.serviceBus.autoCompleteMessages.
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

public sealed class ServiceBusTriggerAttribute : TriggerBindingAttribute
{
    public ServiceBusTriggerAttribute(string topicName, string subscriptionName) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public string? Connection
    {
        get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
        set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
    }

    /// <summary>Binds a <c>T[]</c> of messages (up to host.json's maxMessageBatchSize) instead of one.</summary>
    [System.ComponentModel.DefaultValue(false)]
    public bool IsBatched
    {
        get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
        set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
    }

    public bool AutoCompleteMessages
    {
        get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
        set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
    }
}
