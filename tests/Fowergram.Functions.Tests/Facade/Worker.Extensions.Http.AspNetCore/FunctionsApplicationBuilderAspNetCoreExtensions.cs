// Facade of Azure/azure-functions-dotnet-worker
//   extensions/Worker.Extensions.Http.AspNetCore/src/FunctionsApplicationBuilderAspNetCoreExtensions.cs
// (package Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore 2.1.1). Not the IHostBuilder overloads
// in Microsoft.Extensions.Hosting (FunctionsHostBuilderExtensions): Program.cs uses the builder form.
namespace Microsoft.Azure.Functions.Worker.Builder;

public static class FunctionsApplicationBuilderAspNetCoreExtensions
{
    public static FunctionsApplicationBuilder ConfigureFunctionsWebApplication(this FunctionsApplicationBuilder builder) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
