using Fowergram.Features.Reels;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Fowergram.Platform.Moderation;

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
        services.AddSingleton<ReelProductTagsApi>();
        services.AddSingleton<IEventConsumer, ShopNotificationsConsumer>();
        services.AddSingleton<ITakedown, ProductTakedown>();
        services.AddSingleton<IReinstatement, ProductReinstatement>();
        services.AddSingleton<IScheduledJob, WishlistCleanupJob>();
        services.AddSingleton<IScheduledJob, ProductTagCleanupJob>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (ShoppingFunctions).</summary>
    public static IEndpointRouteBuilder MapShopping(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/products", (HttpRequest r, ProductsApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<CreateProductRequest>("currency", "name", "price").Returns<ProductView>(201).CanForbid();
        app.MapGet("/api/v1/products/{id}", (HttpRequest r, string id, ProductsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Guest().Returns<ProductView>();
        app.MapPatch("/api/v1/products/{id}", (HttpRequest r, string id, ProductsApi api, CancellationToken ct) => api.Patch(r, id, ct))
            .Patch("name:string", "description:string", "price:decimal", "currency:string", "sku:string", "url:string",
                "brand:string", "category:string", "stockQuantity:integer", "isAvailable:boolean", "images:array").Returns<ProductView>().CanForbid();
        app.MapDelete("/api/v1/products/{id}", (HttpRequest r, string id, ProductsApi api, CancellationToken ct) => api.Delete(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/users/{username}/products", (HttpRequest r, string username, ShopApi api, CancellationToken ct) => api.List(r, username, ct))
            .Guest().Paged().Returns<Page<ProductView>>();
        app.MapGet("/api/v1/posts/{id}/products", (HttpRequest r, string id, ProductTagsApi api, CancellationToken ct) => api.OfPost(r, id, ct))
            .Guest().Returns<ProductTagsView>();
        app.MapPut("/api/v1/posts/{id}/products/{productId}",
            (HttpRequest r, string id, string productId, ProductTagsApi api, CancellationToken ct) => api.Tag(r, id, productId, ct))
            .Body<ProductTagRequest>("x", "y").NoContent().CanForbid();
        app.MapDelete("/api/v1/posts/{id}/products/{productId}",
            (HttpRequest r, string id, string productId, ProductTagsApi api, CancellationToken ct) => api.Untag(r, id, productId, ct)).NoContent();
        app.MapGet("/api/v1/products/{id}/posts", (HttpRequest r, string id, ProductTagsApi api, CancellationToken ct) => api.PostsOf(r, id, ct))
            .Guest().Paged().Returns<Page<PostCard>>();
        app.MapGet("/api/v1/reels/{id}/products", (HttpRequest r, string id, ReelProductTagsApi api, CancellationToken ct) => api.OfReel(r, id, ct))
            .Guest().Returns<ReelProductsView>();
        app.MapPut("/api/v1/reels/{id}/products/{productId}",
            (HttpRequest r, string id, string productId, ReelProductTagsApi api, CancellationToken ct) => api.Tag(r, id, productId, ct)).NoContent().CanForbid();
        app.MapDelete("/api/v1/reels/{id}/products/{productId}",
            (HttpRequest r, string id, string productId, ReelProductTagsApi api, CancellationToken ct) => api.Untag(r, id, productId, ct)).NoContent();
        app.MapGet("/api/v1/products/{id}/reels", (HttpRequest r, string id, ReelProductTagsApi api, CancellationToken ct) => api.ReelsOf(r, id, ct))
            .Guest().Paged().Returns<Page<ReelView>>();
        app.MapPut("/api/v1/products/{id}/wishlist", (HttpRequest r, string id, WishlistApi api, CancellationToken ct) => api.Save(r, id, ct))
            .NoContent();
        app.MapDelete("/api/v1/products/{id}/wishlist", (HttpRequest r, string id, WishlistApi api, CancellationToken ct) => api.Unsave(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/wishlist", (HttpRequest r, WishlistApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<WishlistEntry>>();
        return app;
    }
}
