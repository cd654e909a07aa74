// Facade of Azure/azure-functions-dotnet-worker src/DotNetWorker.Core/Pipeline/IFunctionsWorkerMiddleware.cs
// (package Microsoft.Azure.Functions.Worker.Core, via Microsoft.Azure.Functions.Worker 2.52.0).
namespace Microsoft.Azure.Functions.Worker.Middleware;

public interface IFunctionsWorkerMiddleware
{
    Task Invoke(FunctionContext context, FunctionExecutionDelegate next);
}
