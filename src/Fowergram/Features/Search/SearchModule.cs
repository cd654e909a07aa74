using Fowergram.Platform.Http.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Search;

/// <summary>The search box's one-request answer over accounts, hashtags and places (docs/social-graph.md "Search").</summary>
public static class SearchModule
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddSingleton<SearchApi>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pair (SearchFunctions).</summary>
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/search", (HttpRequest r, SearchApi api, CancellationToken ct) => api.Get(r, ct))
            .Guest().Limited().Query("q", "Accounts, hashtags and places; @word for accounts only, #word for hashtags only.", required: true).Returns<SearchResults>();
        return app;
    }
}
