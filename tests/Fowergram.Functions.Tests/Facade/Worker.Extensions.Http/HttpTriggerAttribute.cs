// Facade of Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Http/src/HttpTriggerAttribute.cs
// (package Microsoft.Azure.Functions.Worker.Extensions.Http 3.3.0, via ...Extensions.Http.AspNetCore 2.1.1).
// Only the (AuthorizationLevel, params string[]) constructor: the methods-only one leaves AuthLevel at Function.
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

public sealed class HttpTriggerAttribute : TriggerBindingAttribute
{
    public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public string? Route
    {
        get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
        set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
    }
}
