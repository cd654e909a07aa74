using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Infrastructure;

/// <summary>One route the Server host maps: its method and template, e.g. <c>GET /api/v1/posts/{id}</c>.</summary>
public sealed record MappedRoute(string Method, string Template)
{
    public string Key => $"{Method} {Template}";

    /// <summary>The template with every parameter (<c>{id}</c>, <c>{**objectName}</c>) replaced by <paramref name="value"/>.</summary>
    public string Fill(string value) => RouteTable.Parameter().Replace(Template, value);
}

/// <summary>The host's whole route table, read from its endpoints, so tests walking it cover new routes by themselves.</summary>
public static partial class RouteTable
{
    public static IReadOnlyList<MappedRoute> Of(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(m => new MappedRoute(m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .OrderBy(r => r.Template, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"\{\*{0,2}[A-Za-z]+(:[^}]+)?\}")]
    internal static partial Regex Parameter();
}
