using Fowergram.Features.Shopping;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The reel product tag routes of <see cref="ShoppingModule.MapShopping"/>.</summary>
public sealed class ReelProductTagsFunctions(ReelProductTagsApi tags)
{
    [Function("ListReelProducts")]
    public Task<IResult> OfReel([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reels/{id}/products")] HttpRequest request,
        string id, CancellationToken ct) => tags.OfReel(request, id, ct);

    [Function("TagReelProduct")]
    public Task<IResult> Tag([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/reels/{id}/products/{productId}")] HttpRequest request,
        string id, string productId, CancellationToken ct) => tags.Tag(request, id, productId, ct);

    [Function("UntagReelProduct")]
    public Task<IResult> Untag([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/reels/{id}/products/{productId}")] HttpRequest request,
        string id, string productId, CancellationToken ct) => tags.Untag(request, id, productId, ct);

    [Function("ListProductReels")]
    public Task<IResult> ReelsOf([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/products/{id}/reels")] HttpRequest request,
        string id, CancellationToken ct) => tags.ReelsOf(request, id, ct);
}
