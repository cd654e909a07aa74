using Fowergram.Platform.Data;
using Fowergram.Platform.Http.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Music;

/// <summary>The story music catalogue: search, trending and the development seed (docs/stories.md).</summary>
public static class MusicModule
{
    public static IServiceCollection AddMusic(this IServiceCollection services)
    {
        services.AddSingleton<MusicApi>();
        services.AddSingleton<IDevelopmentSeed, MusicCatalogueSeed>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (MusicFunctions).</summary>
    public static IEndpointRouteBuilder MapMusic(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/music/tracks", (HttpRequest r, MusicApi api, CancellationToken ct) => api.Search(r, ct))
            .Open().Limited().Query("q", "Part of a title or an artist's name; absent lists the whole catalogue.").Returns<MusicTracksResponse>();
        app.MapGet("/api/v1/music/trending", (HttpRequest r, MusicApi api, CancellationToken ct) => api.Trending(r, ct))
            .Open().Limited().Returns<MusicTracksResponse>();
        return app;
    }
}
