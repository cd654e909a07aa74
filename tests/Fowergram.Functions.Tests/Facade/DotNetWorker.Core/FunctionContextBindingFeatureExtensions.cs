// Facade of Azure/azure-functions-dotnet-worker src/DotNetWorker.Core/Context/FunctionContextBindingFeatureExtensions.cs
// (package Microsoft.Azure.Functions.Worker.Core, via Microsoft.Azure.Functions.Worker 2.52.0).
namespace Microsoft.Azure.Functions.Worker;

public static class FunctionContextBindingFeatureExtensions
{
    public static InvocationResult GetInvocationResult(this FunctionContext context) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
