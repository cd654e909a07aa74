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
