using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Shopping;

/// <summary>Shopping: business accounts' products, product tags on posts, wishlists (docs/shopping.md).</summary>
public static class ShoppingModule
{
    public static IServiceCollection AddShopping(this IServiceCollection services)
    {
        services.AddSingleton<ProductViews>();
        services.AddSingleton<ProductImages>();
        services.AddSingleton<ProductsApi>();
        services.AddSingleton<ShopApi>();
        services.AddSingleton<ProductTagsApi>();
        services.AddSingleton<WishlistApi>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (ShoppingFunctions).</summary>
    public static IEndpointRouteBuilder MapShopping(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/products", (HttpRequest r, ProductsApi api, CancellationToken ct) => api.Create(r, ct));
        app.MapGet("/api/v1/products/{id}", (HttpRequest r, string id, ProductsApi api, CancellationToken ct) => api.Get(r, id, ct));
        app.MapPatch("/api/v1/products/{id}", (HttpRequest r, string id, ProductsApi api, CancellationToken ct) => api.Patch(r, id, ct));
        app.MapDelete("/api/v1/products/{id}", (HttpRequest r, string id, ProductsApi api, CancellationToken ct) => api.Delete(r, id, ct));
        app.MapGet("/api/v1/users/{username}/products", (HttpRequest r, string username, ShopApi api, CancellationToken ct) => api.List(r, username, ct));
        app.MapGet("/api/v1/posts/{id}/products", (HttpRequest r, string id, ProductTagsApi api, CancellationToken ct) => api.OfPost(r, id, ct));
        app.MapPut("/api/v1/posts/{id}/products/{productId}",
            (HttpRequest r, string id, string productId, ProductTagsApi api, CancellationToken ct) => api.Tag(r, id, productId, ct));
        app.MapDelete("/api/v1/posts/{id}/products/{productId}",
            (HttpRequest r, string id, string productId, ProductTagsApi api, CancellationToken ct) => api.Untag(r, id, productId, ct));
        app.MapGet("/api/v1/products/{id}/posts", (HttpRequest r, string id, ProductTagsApi api, CancellationToken ct) => api.PostsOf(r, id, ct));
        app.MapPut("/api/v1/products/{id}/wishlist", (HttpRequest r, string id, WishlistApi api, CancellationToken ct) => api.Save(r, id, ct));
        app.MapDelete("/api/v1/products/{id}/wishlist", (HttpRequest r, string id, WishlistApi api, CancellationToken ct) => api.Unsave(r, id, ct));
        app.MapGet("/api/v1/users/me/wishlist", (HttpRequest r, WishlistApi api, CancellationToken ct) => api.List(r, ct));
        return app;
    }
}
