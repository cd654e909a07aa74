using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Infrastructure;

/// <summary>
/// One route the Server host maps: its method and template, e.g. <c>GET /api/v1/posts/{id}</c>, and the namespace of
/// the code that maps it (<c>Fowergram.Features.Posts</c>), which is where the route's request types live.
/// </summary>
public sealed record MappedRoute(string Method, string Template, string? Area = null)
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
                .Select(m => new MappedRoute(m, Fowergram.Platform.Http.RouteParameters.Plain(e.RoutePattern), e.Metadata.GetMetadata<MethodInfo>()?.DeclaringType?.Namespace)))
            .Distinct()
            .OrderBy(r => r.Template, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    /// <summary>The names of a template's parameters, in order: <c>id</c>, <c>commentId</c>, <c>objectName</c>.</summary>
    public static IReadOnlyList<string> ParameterNames(string template) =>
        Parameter().Matches(template).Select(m => m.Value.Trim('{', '}', '*').Split(':')[0]).ToList();

    [GeneratedRegex(@"\{\*{0,2}[A-Za-z]+(:[^}]+)?\}")]
    internal static partial Regex Parameter();
}
