// Facade of Azure/azure-functions-dotnet-worker src/DotNetWorker.Core/Invocation/InvocationResult.cs
// (package Microsoft.Azure.Functions.Worker.Core, via Microsoft.Azure.Functions.Worker 2.52.0).
// Setting Value replaces the function's return value for the middleware outside this one.
namespace Microsoft.Azure.Functions.Worker;

public class InvocationResult<T>
{
    private protected InvocationResult() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public T? Value
    {
        get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
        set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
    }
}

public sealed class InvocationResult : InvocationResult<object>
{
    private InvocationResult() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
