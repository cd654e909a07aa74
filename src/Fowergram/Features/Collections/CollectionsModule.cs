using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Collections;

/// <summary>Saved posts and named collections, private to their owner (docs/posts.md).</summary>
public static class CollectionsModule
{
    public static IServiceCollection AddCollections(this IServiceCollection services)
    {
        services.AddSingleton<SavedApi>();
        services.AddSingleton<CollectionsApi>();
        services.AddSingleton<CollectionPostsApi>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (CollectionsFunctions).</summary>
    public static IEndpointRouteBuilder MapCollections(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/v1/posts/{id}/save", (HttpRequest r, string id, SavedApi api, CancellationToken ct) => api.Save(r, id, ct)).NoContent();
        app.MapDelete("/api/v1/posts/{id}/save", (HttpRequest r, string id, SavedApi api, CancellationToken ct) => api.Unsave(r, id, ct)).NoContent();
        app.MapGet("/api/v1/users/me/saved", (HttpRequest r, SavedApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<PostCard>>();
        app.MapPost("/api/v1/collections", (HttpRequest r, CollectionsApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<CreateCollectionRequest>("name").Returns<CollectionView>(201);
        app.MapGet("/api/v1/collections", (HttpRequest r, CollectionsApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<CollectionView>>();
        app.MapGet("/api/v1/collections/{id}", (HttpRequest r, string id, CollectionsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<CollectionView>();
        app.MapPatch("/api/v1/collections/{id}", (HttpRequest r, string id, CollectionsApi api, CancellationToken ct) => api.Patch(r, id, ct))
            .Patch("name:string", "description:string", "coverPostId:string").Returns<CollectionView>();
        app.MapDelete("/api/v1/collections/{id}", (HttpRequest r, string id, CollectionsApi api, CancellationToken ct) => api.Delete(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/collections/{id}/posts", (HttpRequest r, string id, CollectionPostsApi api, CancellationToken ct) => api.List(r, id, ct))
            .Paged().Returns<Page<PostCard>>();
        app.MapPut("/api/v1/collections/{id}/posts/{postId}",
            (HttpRequest r, string id, string postId, CollectionPostsApi api, CancellationToken ct) => api.Add(r, id, postId, ct)).NoContent();
        app.MapDelete("/api/v1/collections/{id}/posts/{postId}",
            (HttpRequest r, string id, string postId, CollectionPostsApi api, CancellationToken ct) => api.Remove(r, id, postId, ct)).NoContent();
        return app;
    }
}
