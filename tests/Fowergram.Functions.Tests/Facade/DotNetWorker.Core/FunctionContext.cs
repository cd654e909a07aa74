// Facade of Azure/azure-functions-dotnet-worker src/DotNetWorker.Core/Context/FunctionContext.cs
// (package Microsoft.Azure.Functions.Worker.Core, via Microsoft.Azure.Functions.Worker 2.52.0).
// Only the member our middleware touches; the real class has more abstract members.
namespace Microsoft.Azure.Functions.Worker;

public abstract class FunctionContext
{
    public abstract IServiceProvider InstanceServices { get; set; }
}
