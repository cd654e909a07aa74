// Facade of Azure/azure-functions-dotnet-worker
//   extensions/Worker.Extensions.Abstractions/src/BindingAttribute.cs
//   extensions/Worker.Extensions.Abstractions/src/TriggerBindingAttribute.cs
// (package Microsoft.Azure.Functions.Worker.Extensions.Abstractions, via Microsoft.Azure.Functions.Worker 2.52.0).
namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

public abstract class BindingAttribute : Attribute
{
    public BindingAttribute() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}

public abstract class TriggerBindingAttribute : BindingAttribute
{
    public TriggerBindingAttribute() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
