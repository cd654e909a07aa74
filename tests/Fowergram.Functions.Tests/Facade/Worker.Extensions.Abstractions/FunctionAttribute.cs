// Facade of Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Abstractions/src/FunctionAttribute.cs
// (package Microsoft.Azure.Functions.Worker.Extensions.Abstractions, via Microsoft.Azure.Functions.Worker 2.52.0).
namespace Microsoft.Azure.Functions.Worker;

[AttributeUsage(AttributeTargets.Method)]
public class FunctionAttribute : Attribute
{
    public FunctionAttribute(string name) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
