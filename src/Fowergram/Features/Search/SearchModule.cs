using Fowergram.Features.Messages;
using Fowergram.Features.Reels;
using Fowergram.Features.Shopping;
using Fowergram.Features.Videos;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Search;

/// <summary>
/// The search box's one-request answer over accounts, hashtags and places (docs/social-graph.md "Search"), and keyword
/// search of post and reel captions, video titles and descriptions, and products (docs/posts.md "Keyword search").
/// </summary>
public static class SearchModule
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddSingleton<SearchApi>();
        services.AddSingleton<KeywordSearchApi>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pair (SearchFunctions).</summary>
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/search", (HttpRequest r, SearchApi api, CancellationToken ct) => api.Get(r, ct))
            .Guest().Limited().Query("q", "Accounts, hashtags and places; @word for accounts only, #word for hashtags only.", required: true).Returns<SearchResults>();
        Keyword(app.MapGet("/api/v1/search/posts", (HttpRequest r, KeywordSearchApi api, CancellationToken ct) => api.Posts(r, ct)),
            "caption", "how well the caption matches and its likes and comments").Returns<Page<PostCard>>();
        Keyword(app.MapGet("/api/v1/search/reels", (HttpRequest r, KeywordSearchApi api, CancellationToken ct) => api.Reels(r, ct)),
            "caption", "how well the caption matches and its likes and comments").Returns<Page<ReelView>>();
        Keyword(app.MapGet("/api/v1/search/videos", (HttpRequest r, KeywordSearchApi api, CancellationToken ct) => api.Videos(r, ct)),
            "published video's title and description", "how well they match and the video's likes and comments").Returns<Page<VideoView>>();
        Keyword(app.MapGet("/api/v1/search/products", (HttpRequest r, KeywordSearchApi api, CancellationToken ct) => api.Products(r, ct)),
            "available product's name and description", "how well they match and how many accounts wishlisted it").Returns<Page<ProductView>>();
        // Channels are for accounts, as every channel route is.
        Keyword(app.MapGet("/api/v1/search/channels", (HttpRequest r, KeywordSearchApi api, CancellationToken ct) => api.Channels(r, ct)),
            "live broadcast channel's name and description", "how well they match and their members", guest: false).Returns<Page<ChannelView>>();
        return app;
    }

    /// <summary>What every keyword search route takes: the words, the order and the page.</summary>
    private static RouteHandlerBuilder Keyword(RouteHandlerBuilder route, string searched, string relevance, bool guest = true) =>
        (guest ? route.Guest() : route).Paged().Query("q", $"Words every {searched} must hold (websearch syntax: \"a phrase\", -word, or).", required: true)
            .Query("sort", $"recent (default): newest first; relevant: the newest 1,000 matches ranked by {relevance}.");
}
