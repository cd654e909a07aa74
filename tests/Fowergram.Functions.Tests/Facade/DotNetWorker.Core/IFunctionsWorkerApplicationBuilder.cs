// Facade of Azure/azure-functions-dotnet-worker src/DotNetWorker.Core/Hosting/IFunctionsWorkerApplicationBuilder.cs
// (package Microsoft.Azure.Functions.Worker.Core, via Microsoft.Azure.Functions.Worker 2.52.0).
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Azure.Functions.Worker;

public interface IFunctionsWorkerApplicationBuilder
{
    IServiceCollection Services { get; }

    IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware);
}
