// Facade of Azure/azure-functions-dotnet-worker src/DotNetWorker.Core/Pipeline/FunctionExecutionDelegate.cs
// (package Microsoft.Azure.Functions.Worker.Core, via Microsoft.Azure.Functions.Worker 2.52.0).
namespace Microsoft.Azure.Functions.Worker.Middleware;

public delegate Task FunctionExecutionDelegate(FunctionContext context);
