using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Fowergram.Platform.Http.OpenApi;

/// <summary>
/// A route builder that only collects endpoints: the API document is built from the route table the Server host maps,
/// and the Functions host (whose routes are [Function]s) maps the same table into this to describe itself identically.
/// </summary>
internal sealed class DocumentRouteBuilder(IServiceProvider services) : IEndpointRouteBuilder
{
    public IServiceProvider ServiceProvider => services;

    public ICollection<EndpointDataSource> DataSources { get; } = [];

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(services);
}
