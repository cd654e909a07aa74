using Fowergram.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using System.Text.Json.Nodes;
using Fowergram.Platform.Http.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>Both hosts serve the same URLs: every (method, template) of the Server route table has exactly one Functions counterpart, and back.</summary>
public sealed class RouteParityTests
{
    [Fact]
    public async Task Every_server_route_has_exactly_one_http_function_and_every_http_function_a_server_route()
    {
        var server = await ServerRoutesAsync();
        var functions = FunctionRoutes();

        var problems = new List<string>();
        foreach (var route in server.Distinct())
        {
            var matches = functions.Where(f => f.Route == route).Select(f => f.Function).ToList();
            if (matches.Count == 0) problems.Add($"Functions host lacks {route} (add an [HttpTrigger] function to src/Fowergram.Functions/Http/)");
            if (matches.Count > 1) problems.Add($"Functions host serves {route} {matches.Count} times: {string.Join(", ", matches)}");
        }
        foreach (var (route, function) in functions.Where(f => !server.Contains(f.Route)))
            problems.Add($"Server route table lacks {route}, which {function} serves (map it in FowergramRoutes.MapFowergramApi)");
        foreach (var duplicate in server.GroupBy(r => r).Where(g => g.Count() > 1))
            problems.Add($"Server route table maps {duplicate.Key} {duplicate.Count()} times");

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.NotEmpty(server);
    }

    [Fact]
    public void Functions_routes_are_relative_to_the_host_route_prefix_api()
    {
        Assert.Equal("api", RoutePrefix());
        var absolute = FunctionCatalog.Http.Where(f => ((string?)f.Named("Route") ?? "").TrimStart('/').StartsWith("api/", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(absolute.Select(f => f.Label));
    }

    /// <summary>The Functions host describes itself with the document the Server host serves: the same routes, the same metadata.</summary>
    [Fact]
    public async Task The_functions_host_serves_the_servers_api_document()
    {
        await using var server = await ServerAppAsync();
        var expected = ApiDocument.Build(((IEndpointRouteBuilder)server).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal)));
        using var functions = FunctionsHost.Build();

        var served = functions.GetRequiredService<ApiDocument>().Json;

        Assert.Equal(expected.ToJsonString(), JsonNode.Parse(served)!.ToJsonString());
        Assert.Contains(FunctionRoutes(), f => f.Route == "GET /api/v1/openapi.json");
    }

    /// <summary>The Server route table, mapped in a host that also registers the Functions host's services (the handlers' dependencies must exist there too).</summary>
    private static Task<WebApplication> ServerAppAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(FunctionsHost.Settings);
        builder.Services.AddFowergram(builder.Configuration);
        builder.Services.AddFowergramFunctionsHost(builder.Configuration);
        var app = builder.Build();
        app.MapFowergramApi();
        return Task.FromResult(app);
    }

    private static async Task<List<string>> ServerRoutesAsync()
    {
        await using var app = await ServerAppAsync();
        return ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => Key(m, e.RoutePattern.RawText ?? "")))
            .ToList();
    }

    private static List<(string Route, string Function)> FunctionRoutes()
    {
        var prefix = RoutePrefix();
        return FunctionCatalog.Http
            .SelectMany(f => f.StringArguments(1).DefaultIfEmpty("*")
                .Select(m => (Key(m, prefix + "/" + ((string?)f.Named("Route") ?? f.Name).TrimStart('/')), f.Label)))
            .ToList();
    }

    private static string RoutePrefix() =>
        RepoFiles.Json("host.json").GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString()!;

    /// <summary>Methods compare case-insensitively, templates exactly (constraint syntax included) after a leading slash.</summary>
    private static string Key(string method, string template) => $"{method.ToUpperInvariant()} /{template.TrimStart('/')}";
}
