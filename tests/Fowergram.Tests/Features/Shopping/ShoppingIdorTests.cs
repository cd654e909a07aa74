using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>Another seller's ids on every write route: 404, never a change.</summary>
[Collection(ApiCollection.Name)]
public sealed class ShoppingIdorTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);

    [Fact]
    public async Task Another_sellers_product_cannot_be_edited_deleted_or_given_photos()
    {
        var (owner, intruder) = (await _shop.SellerAsync(), await _shop.SellerAsync());
        var product = await _shop.ProductAsync(owner, sku: "OWN-1");
        var id = product.GetProperty("id").GetGuid();
        var photo = product.GetProperty("images")[0].GetProperty("id").GetGuid();
        var intruderPhoto = await _shop.ImageAsync(intruder);
        var before = await StateAsync(id);

        await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{id}", intruder, new { name = "Mine now", price = 0m }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{id}", intruder, new { images = new[] { intruderPhoto } }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{id}", intruder)).AssertProblemAsync(HttpStatusCode.NotFound);
        // The owner cannot take the intruder's upload either: an upload is its uploader's alone.
        await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{id}", owner, new { images = new[] { photo, intruderPhoto } }))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await StateAsync(id));
        Assert.Null(await _shop.ReleasedAtAsync(photo));
        Assert.Equal("pending", await _shop.Posts.Media.StatusInDatabaseAsync(intruderPhoto));
    }

    private Task<string> StateAsync(Guid id) => _shop.Posts.ScalarAsync<string>("""
        SELECT concat_ws('|', pr.name, pr.price, pr.sku, pr.deleted_at, pr.updated_at,
                         (SELECT string_agg(upload_id::text, ',' ORDER BY position) FROM product_images WHERE product_id = pr.id))
          FROM products pr WHERE pr.id = @id
        """, new { id });
}
