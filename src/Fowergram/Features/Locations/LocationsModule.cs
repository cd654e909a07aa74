using Fowergram.Platform.Http.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Locations;

/// <summary>Places: the free-text locations of posts, searched and browsed.</summary>
public static class LocationsModule
{
    public static IServiceCollection AddLocations(this IServiceCollection services)
    {
        services.AddSingleton<LocationsApi>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (LocationsFunctions).</summary>
    public static IEndpointRouteBuilder MapLocations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/locations/search", (HttpRequest r, LocationsApi api, CancellationToken ct) => api.Search(r, ct))
            .Guest().Limited().Query("q", $"Part of a place's name, {LocationsApi.SearchTermMin} characters or more.", required: true).Returns<Places>();
        app.MapGet("/api/v1/locations/posts", (HttpRequest r, LocationsApi api, CancellationToken ct) => api.Posts(r, ct))
            .Guest().Paged().Query("name", "The location name, exactly as posts carry it.", required: true).Returns<PlacePage>();
        app.MapGet("/api/v1/locations/reels", (HttpRequest r, LocationsApi api, CancellationToken ct) => api.Reels(r, ct))
            .Guest().Paged().Query("name", "The location name, exactly as reels carry it.", required: true).Returns<PlaceReels>();
        return app;
    }
}
