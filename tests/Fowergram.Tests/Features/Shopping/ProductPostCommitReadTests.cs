using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// Creating and editing a product answer with the product as it was written. Read after the commit, a purge of the seller
/// committed in between (its products go with the account) left nothing to read: a 500 for a write that stood. The read is
/// now made inside the write's transaction. The interleaving is forced by a deferred trigger (run at the commit, just
/// before the old read) that deletes the row, as the purge would, for this one seller only, dropped at the end.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProductPostCommitReadTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);

    private static Task<HttpResponseMessage> WithPurgeAtCommitAsync(TestUser seller, Func<Task<HttpResponseMessage>> write) =>
        CommitTrigger.WithAsync("products", $"NEW.user_id = '{seller.Id}'", "DELETE FROM products WHERE id = NEW.id", write);

    [Fact]
    public async Task A_create_whose_product_goes_with_the_commit_still_answers_what_it_wrote()
    {
        var seller = await _shop.SellerAsync();

        var response = await WithPurgeAtCommitAsync(seller, () => _shop.CreateAsync(seller,
            new { name = "Linen towel", price = 12.00m, currency = "EUR", stockQuantity = 2 }));

        var product = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Linen towel", product.GetProperty("name").GetString());
        Assert.Equal(seller.Id, product.GetProperty("seller").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_edit_whose_product_goes_with_the_commit_still_answers_what_it_wrote()
    {
        var seller = await _shop.SellerAsync();
        var id = await _shop.ProductIdAsync(seller);

        var response = await WithPurgeAtCommitAsync(seller, () => _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{id}", seller,
            new { name = "Stoneware mug" }));

        var product = await response.ReadJsonAsync();
        Assert.Equal(id, product.GetProperty("id").GetGuid());
        Assert.Equal("Stoneware mug", product.GetProperty("name").GetString());
    }
}
