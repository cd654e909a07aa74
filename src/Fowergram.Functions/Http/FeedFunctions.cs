using Fowergram.Features.Feed;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The route of <see cref="FeedModule.MapFeed"/>, one call into the same handler.</summary>
public sealed class FeedFunctions(FeedApi feed)
{
    [Function("FeedGet")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/feed")] HttpRequest request,
        CancellationToken ct) => feed.Get(request, ct);
}
