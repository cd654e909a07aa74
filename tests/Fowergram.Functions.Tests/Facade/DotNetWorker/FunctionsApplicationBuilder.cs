// Facade of Azure/azure-functions-dotnet-worker src/DotNetWorker/Builder/FunctionsApplicationBuilder.cs
// (package Microsoft.Azure.Functions.Worker 2.52.0). All interface members are here because the real
// class implements both interfaces; the constructor is internal in the real class (private here).
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker.Builder;

public class FunctionsApplicationBuilder : IHostApplicationBuilder, IFunctionsWorkerApplicationBuilder
{
    private FunctionsApplicationBuilder(string[]? args) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public IDictionary<object, object> Properties => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    IConfigurationManager IHostApplicationBuilder.Configuration => Configuration;

    public ConfigurationManager Configuration => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public IHostEnvironment Environment => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public ILoggingBuilder Logging => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public IMetricsBuilder Metrics => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public IServiceCollection Services => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public IHost Build() => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public void ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
        where TContainerBuilder : notnull =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);

    public IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
