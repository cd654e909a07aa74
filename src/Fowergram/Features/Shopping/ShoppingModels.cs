using System.Text.Json.Serialization;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Shopping;

/// <summary>
/// POST /api/v1/products. price is a JSON number (at most 2 decimals, 3 in BHD and the like, none in a currency without a minor unit such as JPY; read
/// exactly, so one the decimal would round is a 400 rather than, say, 1E-30 stored as 0), currency an ISO 4217 code, images
/// the ids of uploads requested with purpose 'product' (0–10, the first is the cover).
/// </summary>
public sealed record CreateProductRequest(string? Name, string? Description,
    [property: JsonConverter(typeof(ExactDecimalConverter))] decimal? Price, string? Currency, string? Category,
    string? Brand, string? Sku, int? StockQuantity, bool? IsAvailable, Guid[]? Images, string? Url = null);

/// <summary>PUT /api/v1/posts/{id}/products/{productId}: where on the post the tag sits, both in [0, 1].</summary>
public sealed record ProductTagRequest(double? X, double? Y);

/// <summary>A product photo: its id is the upload's; the URL is signed for minutes, after the visibility check.</summary>
public sealed record ProductImageView(Guid Id, string Url, DateTimeOffset UrlExpiresAt);

/// <summary>
/// A product as a caller who may see it gets it. isWishlisted is absent for guests; sku and stockQuantity are the
/// seller's business and shown to the seller only.
/// </summary>
public sealed record ProductView(Guid Id, UserSummary Seller, string Name, string Description, decimal Price, string Currency,
    string? Category, string? Brand, string? Sku, int? StockQuantity, bool IsAvailable, IReadOnlyList<ProductImageView> Images,
    bool? IsWishlisted, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Url);

/// <summary>A product tagged on a post, and where.</summary>
public sealed record ProductTagView(double X, double Y, ProductView Product);

/// <summary>GET /api/v1/posts/{id}/products: at most <see cref="ProductRules.MaxTagsPerPost"/>, so not paged.</summary>
public sealed record ProductTagsView(IReadOnlyList<ProductTagView> Items);

/// <summary>GET /api/v1/reels/{id}/products: the products tagged on a reel (no place on it: a reel moves), in tagging order.</summary>
public sealed record ReelProductsView(IReadOnlyList<ProductView> Items);

/// <summary>
/// A wish on GET /api/v1/users/me/wishlist. <c>available</c> says whether the owner may see the product at all (not whether it
/// is on sale: that is <c>isAvailable</c>). Available, it is the product as <see cref="ProductView"/> shows it, with
/// <c>available: true</c>. Not (a block either way, a seller gone private, deactivated or deleted), it is the id alone with
/// <c>available: false</c>: nothing of the hidden product, not even its seller, yet listed, because it still counts towards
/// <see cref="WishlistSql.MaxWishes"/> and its owner can take it off (DELETE /products/{id}/wishlist) only by its id.
/// The members mirror <see cref="ProductView"/>'s, so the available entries read as products did before (2026-12-07).
/// </summary>
public sealed record WishlistEntry(Guid Id, bool Available, UserSummary? Seller = null, string? Name = null, string? Description = null,
    decimal? Price = null, string? Currency = null, string? Category = null, string? Brand = null, string? Sku = null,
    int? StockQuantity = null, bool? IsAvailable = null, IReadOnlyList<ProductImageView>? Images = null, bool? IsWishlisted = null,
    DateTimeOffset? CreatedAt = null, DateTimeOffset? UpdatedAt = null, string? Url = null)
{
    public static WishlistEntry Of(ProductView p) => new(p.Id, true, p.Seller, p.Name, p.Description, p.Price, p.Currency, p.Category,
        p.Brand, p.Sku, p.StockQuantity, p.IsAvailable, p.Images, p.IsWishlisted, p.CreatedAt, p.UpdatedAt, p.Url);

    public static WishlistEntry Hidden(Guid id) => new(id, false);
}
