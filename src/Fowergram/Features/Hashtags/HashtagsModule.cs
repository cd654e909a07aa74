using Fowergram.Platform.Http.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Hashtags;

/// <summary>Hashtag pages, follows and trending (docs/posts.md). Post counts come from post-counters (Features/Posts), reel counts from reel-counters (Features/Reels).</summary>
public static class HashtagsModule
{
    public static IServiceCollection AddHashtags(this IServiceCollection services)
    {
        services.AddSingleton<HashtagsApi>();
        return services;
    }

    /// <summary>
    /// The Functions host declares the same (method, template) pairs (HashtagsFunctions). "trending" is a
    /// literal segment and wins over {name}; the hashtag #trending is reached as /hashtags/%23trending.
    /// </summary>
    public static IEndpointRouteBuilder MapHashtags(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/hashtags/trending", (HttpRequest r, HashtagsApi api, CancellationToken ct) => api.Trending(r, ct))
            .Open().Limited().Returns<TrendingHashtags>();
        app.MapGet("/api/v1/hashtags/search", (HttpRequest r, HashtagsApi api, CancellationToken ct) => api.Search(r, ct))
            .Guest().Limited().Query("q", "A hashtag or its start, with or without #.", required: true).Returns<HashtagMatches>();
        app.MapGet("/api/v1/hashtags/" + RouteParameters.HashtagName, (HttpRequest r, string name, HashtagsApi api, CancellationToken ct) => api.Get(r, name, ct))
            .Guest().Paged().Returns<HashtagPage>();
        app.MapPut("/api/v1/hashtags/{name}/follow", (HttpRequest r, string name, HashtagsApi api, CancellationToken ct) => api.Follow(r, name, ct))
            .NoContent();
        app.MapDelete("/api/v1/hashtags/{name}/follow", (HttpRequest r, string name, HashtagsApi api, CancellationToken ct) => api.Unfollow(r, name, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/followed-hashtags", (HttpRequest r, HashtagsApi api, CancellationToken ct) => api.Followed(r, ct))
            .Paged().Returns<Page<FollowedHashtag>>();
        return app;
    }
}
