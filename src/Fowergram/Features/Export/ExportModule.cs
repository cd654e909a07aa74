using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Export;

/// <summary>The account's own data, downloadable (docs/export.md).</summary>
public static class ExportModule
{
    public static IServiceCollection AddExport(this IServiceCollection services, IConfiguration configuration) => services
        .AddValidatedOptions<ExportOptions>(configuration, ExportOptions.Section)
        .AddSingleton<ExportApi>();

    /// <summary>The Functions host declares the same route (ExportFunctions).</summary>
    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/users/me/export", (HttpRequest r, ExportApi api, CancellationToken ct) => api.Get(r, ct))
            .Returns<ResponseMetadata.AnyJson>();
        return app;
    }
}
