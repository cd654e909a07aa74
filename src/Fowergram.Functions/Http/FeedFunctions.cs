using Fowergram.Features.Feed;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The routes of <see cref="FeedModule.MapFeed"/>, one call each into the same handlers.</summary>
public sealed class FeedFunctions(FeedApi feed, ExploreApi explore)
{
    [Function("FeedGet")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/feed")] HttpRequest request,
        CancellationToken ct) => feed.Get(request, ct);

    [Function("ExploreGet")]
    public Task<IResult> Explore([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/explore")] HttpRequest request,
        CancellationToken ct) => explore.Get(request, ct);
}
