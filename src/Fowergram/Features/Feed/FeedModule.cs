using Fowergram.Features.Social;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Feed;

/// <summary>The home feed (the read, the fan-out and graph consumers, the retention job) and explore with its ranking job (docs/feed.md).</summary>
public static class FeedModule
{
    public static IServiceCollection AddFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<FeedOptions>(configuration, FeedOptions.Section);
        services.AddSingleton<FeedReader>();
        services.AddSingleton<FeedApi>();
        services.AddSingleton<ExploreApi>();
        services.AddSingleton<NotInterestedApi>();
        services.AddSingleton<FavoritesApi>();
        services.AddSingleton<IEventConsumer, FeedFanOutConsumer>();
        services.AddSingleton<IEventConsumer, FeedGraphConsumer>();
        services.AddSingleton<IScheduledJob, FeedRetentionJob>();
        services.AddSingleton<IScheduledJob, ExploreRefreshJob>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (FeedFunctions).</summary>
    public static IEndpointRouteBuilder MapFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/feed", (HttpRequest r, FeedApi api, CancellationToken ct) => api.Get(r, ct)).Paged().Returns<Page<FeedItem>>();
        app.MapGet("/api/v1/feed/favorites", (HttpRequest r, FavoritesApi api, CancellationToken ct) => api.Feed(r, ct))
            .Paged().Returns<Page<PostCard>>();
        app.MapGet("/api/v1/users/me/favorites", (HttpRequest r, FavoritesApi api, CancellationToken ct) => api.ListFavorites(r, ct))
            .Paged().Returns<Page<UserListItem>>();
        app.MapPut("/api/v1/users/me/favorites/{username}", (string username, HttpRequest r, FavoritesApi api, CancellationToken ct) => api.Add(r, username, ct))
            .NoContent();
        app.MapDelete("/api/v1/users/me/favorites/{username}", (string username, HttpRequest r, FavoritesApi api, CancellationToken ct) => api.Remove(r, username, ct))
            .NoContent();
        app.MapGet("/api/v1/explore", (HttpRequest r, ExploreApi api, CancellationToken ct) => api.Get(r, ct)).Paged().Returns<Page<PostCard>>();
        app.MapPut("/api/v1/users/{username}/not-interested",
            (HttpRequest r, string username, NotInterestedApi api, CancellationToken ct) => api.HideAuthor(r, username, ct)).NoContent();
        app.MapDelete("/api/v1/users/{username}/not-interested",
            (HttpRequest r, string username, NotInterestedApi api, CancellationToken ct) => api.ShowAuthor(r, username, ct)).NoContent();
        app.MapPut("/api/v1/posts/{id}/not-interested", (HttpRequest r, string id, NotInterestedApi api, CancellationToken ct) => api.DismissPost(r, id, ct))
            .NoContent();
        app.MapDelete("/api/v1/posts/{id}/not-interested", (HttpRequest r, string id, NotInterestedApi api, CancellationToken ct) => api.UndoPost(r, id, ct))
            .NoContent();
        app.MapPut("/api/v1/reels/{id}/not-interested", (HttpRequest r, string id, NotInterestedApi api, CancellationToken ct) => api.DismissReel(r, id, ct))
            .NoContent();
        app.MapDelete("/api/v1/reels/{id}/not-interested", (HttpRequest r, string id, NotInterestedApi api, CancellationToken ct) => api.UndoReel(r, id, ct))
            .NoContent();
        return app;
    }
}
