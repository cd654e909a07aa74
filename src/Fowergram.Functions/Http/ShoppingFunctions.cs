using Fowergram.Features.Shopping;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The product, product-tag and wishlist routes of <see cref="ShoppingModule.MapShopping"/>.</summary>
public sealed class ShoppingFunctions(ProductsApi products, ShopApi shop, ProductTagsApi tags, WishlistApi wishlist)
{
    [Function("CreateProduct")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/products")] HttpRequest request,
        CancellationToken ct) => products.Create(request, ct);

    [Function("GetProduct")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/products/{id}")] HttpRequest request,
        string id, CancellationToken ct) => products.Get(request, id, ct);

    [Function("UpdateProduct")]
    public Task<IResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/products/{id}")] HttpRequest request,
        string id, CancellationToken ct) => products.Patch(request, id, ct);

    [Function("DeleteProduct")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/products/{id}")] HttpRequest request,
        string id, CancellationToken ct) => products.Delete(request, id, ct);

    [Function("ListUserProducts")]
    public Task<IResult> Shop([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/products")] HttpRequest request,
        string username, CancellationToken ct) => shop.List(request, username, ct);

    [Function("ListPostProducts")]
    public Task<IResult> OfPost([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/posts/{id}/products")] HttpRequest request,
        string id, CancellationToken ct) => tags.OfPost(request, id, ct);

    [Function("TagProduct")]
    public Task<IResult> Tag([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/posts/{id}/products/{productId}")] HttpRequest request,
        string id, string productId, CancellationToken ct) => tags.Tag(request, id, productId, ct);

    [Function("UntagProduct")]
    public Task<IResult> Untag([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}/products/{productId}")] HttpRequest request,
        string id, string productId, CancellationToken ct) => tags.Untag(request, id, productId, ct);

    [Function("ListProductPosts")]
    public Task<IResult> PostsOf([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/products/{id}/posts")] HttpRequest request,
        string id, CancellationToken ct) => tags.PostsOf(request, id, ct);

    [Function("WishlistProduct")]
    public Task<IResult> Save([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/products/{id}/wishlist")] HttpRequest request,
        string id, CancellationToken ct) => wishlist.Save(request, id, ct);

    [Function("UnwishlistProduct")]
    public Task<IResult> Unsave([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/products/{id}/wishlist")] HttpRequest request,
        string id, CancellationToken ct) => wishlist.Unsave(request, id, ct);

    [Function("ListWishlist")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/wishlist")] HttpRequest request,
        CancellationToken ct) => wishlist.List(request, ct);
}
