using System.Net;
using Dapper;
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

    private async Task<HttpResponseMessage> WithPurgeAtCommitAsync(TestUser seller, Func<Task<HttpResponseMessage>> write)
    {
        var db = await TestDatabase.GetAsync();
        var name = "product_purge_" + Guid.NewGuid().ToString("N")[..12];
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                DELETE FROM products WHERE id = NEW.id;
                RETURN NULL;
            END $f$;
            CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR UPDATE ON products DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW.user_id = '{seller.Id}') EXECUTE FUNCTION {name}();
            """);
        try
        {
            return await write();
        }
        finally
        {
            await conn.ExecuteAsync($"DROP TRIGGER {name} ON products; DROP FUNCTION {name}();");
        }
    }

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
