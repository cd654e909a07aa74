using Fowergram.Features.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The route of <see cref="SearchModule.MapSearch"/>.</summary>
public sealed class SearchFunctions(SearchApi search)
{
    [Function("Search")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/search")] HttpRequest request,
        CancellationToken ct) => search.Get(request, ct);
}

/// <summary>Keyword search of captions, videos and products, of <see cref="SearchModule.MapSearch"/>.</summary>
public sealed class KeywordSearchFunctions(KeywordSearchApi search)
{
    [Function("SearchPosts")]
    public Task<IResult> Posts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/search/posts")] HttpRequest request,
        CancellationToken ct) => search.Posts(request, ct);

    [Function("SearchReels")]
    public Task<IResult> Reels([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/search/reels")] HttpRequest request,
        CancellationToken ct) => search.Reels(request, ct);

    [Function("SearchVideos")]
    public Task<IResult> Videos([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/search/videos")] HttpRequest request,
        CancellationToken ct) => search.Videos(request, ct);

    [Function("SearchProducts")]
    public Task<IResult> Products([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/search/products")] HttpRequest request,
        CancellationToken ct) => search.Products(request, ct);

    [Function("SearchChannels")]
    public Task<IResult> Channels([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/search/channels")] HttpRequest request,
        CancellationToken ct) => search.Channels(request, ct);
}
