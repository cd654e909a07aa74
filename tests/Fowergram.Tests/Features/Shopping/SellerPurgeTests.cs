using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>Nothing of shopping blocks an account purge, and what the purge takes with it (docs/shopping.md).</summary>
[Collection(ApiCollection.Name)]
public sealed class SellerPurgeTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);

    [Fact]
    public async Task Purging_a_seller_removes_their_products_photos_tags_and_others_wishlist_entries()
    {
        var seller = await _shop.SellerAsync();
        var product = await _shop.ProductAsync(seller, images: 2);
        var productId = product.GetProperty("id").GetGuid();
        var postId = await _shop.Posts.PostIdAsync(seller);
        await (await _shop.TagAsync(seller, postId, productId)).EnsureNoContentAsync();
        var buyer = await _shop.Posts.NewUserAsync();
        var keptSeller = await _shop.SellerAsync();
        var kept = await _shop.ProductIdAsync(keptSeller);
        foreach (var id in new[] { productId, kept })
            await (await _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{id}/wishlist", buyer)).EnsureNoContentAsync();

        await _shop.Posts.ExecuteAsync("DELETE FROM users WHERE id = @id", new { id = seller.Id });

        Assert.Equal(0L, await _shop.Posts.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM products WHERE id = @productId) + (SELECT count(*) FROM product_images WHERE product_id = @productId)
                 + (SELECT count(*) FROM post_product_tags WHERE product_id = @productId) + (SELECT count(*) FROM wishlists WHERE product_id = @productId)
            """, new { productId }));
        Assert.Equal([kept], ShopClient.Ids(await (await _shop.GetAsync("/api/v1/users/me/wishlist", buyer)).ReadJsonAsync()));
    }
}
