using Fowergram.Features.Locations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The place routes of <see cref="LocationsModule.MapLocations"/>.</summary>
public sealed class LocationsFunctions(LocationsApi places)
{
    [Function("SearchLocations")]
    public Task<IResult> Search([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/locations/search")] HttpRequest request,
        CancellationToken ct) => places.Search(request, ct);

    [Function("ListLocationPosts")]
    public Task<IResult> Posts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/locations/posts")] HttpRequest request,
        CancellationToken ct) => places.Posts(request, ct);

    [Function("ListLocationReels")]
    public Task<IResult> Reels([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/locations/reels")] HttpRequest request,
        CancellationToken ct) => places.Reels(request, ct);
}
