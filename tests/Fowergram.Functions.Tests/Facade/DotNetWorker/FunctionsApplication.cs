// Facade of Azure/azure-functions-dotnet-worker src/DotNetWorker/Builder/FunctionsApplication.cs
// (package Microsoft.Azure.Functions.Worker 2.52.0).
namespace Microsoft.Azure.Functions.Worker.Builder;

public class FunctionsApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
