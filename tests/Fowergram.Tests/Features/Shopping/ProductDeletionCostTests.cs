using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;
using Fowergram.Tests.Platform.Telemetry;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// What a seller's deletion of a product costs the request: its post and reel tags are as many as the posts and reels that
/// feature it, so no statement of the request may read or write them (product-tag-cleanup does, in batches). Read from the
/// Npgsql spans of the request's trace (the telemetry host exports them).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ProductDeletionCostTests(TelemetryHost host)
{
    [Fact]
    public async Task The_deletion_never_touches_the_products_tags()
    {
        var shop = new ShopClient(host.App);
        var seller = await shop.SellerAsync();
        var product = await shop.ProductIdAsync(seller);
        await (await shop.TagAsync(seller, await shop.Posts.PostIdAsync(seller), product)).EnsureNoContentAsync();
        var reel = await new ReelsClient(host.App).ReelIdAsync(seller);
        await (await shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/products/{product}", seller)).EnsureNoContentAsync();

        var path = $"/api/v1/products/{product}";
        var before = host.RequestsTo("DELETE", path);
        await (await shop.Posts.SendAsync(HttpMethod.Delete, path, seller)).EnsureNoContentAsync();
        var statements = host.StatementTextsOf(await host.TraceOfRequestAsync("DELETE", path, before));

        Assert.Contains(statements, s => s.Contains("UPDATE products pr SET deleted_at", StringComparison.Ordinal));
        Assert.DoesNotContain(statements, s => s.Contains("post_product_tags", StringComparison.Ordinal)
            || s.Contains("reel_product_tags", StringComparison.Ordinal));
    }
}
