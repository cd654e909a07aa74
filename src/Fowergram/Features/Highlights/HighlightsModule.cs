using Fowergram.Platform.Http.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Highlights;

/// <summary>Story highlights: permanent, ordered collections of the owner's stories (docs/stories.md).</summary>
public static class HighlightsModule
{
    public static IServiceCollection AddHighlights(this IServiceCollection services)
    {
        services.AddSingleton<HighlightViews>();
        services.AddSingleton<HighlightsApi>();
        services.AddSingleton<HighlightEditsApi>();
        services.AddSingleton<HighlightReadsApi>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (HighlightsFunctions).</summary>
    public static IEndpointRouteBuilder MapHighlights(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/highlights", (HttpRequest r, HighlightsApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<CreateHighlightRequest>("storyIds", "title").Returns<HighlightResponse>(201);
        app.MapGet("/api/v1/users/{username}/highlights", (HttpRequest r, string username, HighlightReadsApi api, CancellationToken ct) => api.OfUser(r, username, ct))
            .Returns<HighlightListResponse>();
        app.MapGet("/api/v1/highlights/{id}", (HttpRequest r, string id, HighlightReadsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<HighlightResponse>();
        app.MapPatch("/api/v1/highlights/{id}", (HttpRequest r, string id, HighlightEditsApi api, CancellationToken ct) => api.Patch(r, id, ct))
            .Patch("title:string", "coverStoryId:string", "displayOrder:integer").Returns<HighlightResponse>();
        app.MapDelete("/api/v1/highlights/{id}", (HttpRequest r, string id, HighlightsApi api, CancellationToken ct) => api.Delete(r, id, ct))
            .NoContent();
        app.MapPut("/api/v1/highlights/{id}/stories/{storyId}",
            (HttpRequest r, string id, string storyId, HighlightEditsApi api, CancellationToken ct) => api.AddStory(r, id, storyId, ct)).NoContent();
        app.MapDelete("/api/v1/highlights/{id}/stories/{storyId}",
            (HttpRequest r, string id, string storyId, HighlightEditsApi api, CancellationToken ct) => api.RemoveStory(r, id, storyId, ct))
            .NoContent();
        return app;
    }
}
