using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// A wishlist keeps at most 5,000 products (WishlistSql.MaxWishes): a new save beyond is a 409, a save of one already saved
/// still a 204, and saves at once take turns so that none slips past the count. Until 2026-12-07 there was no cap.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WishlistLimitTests(FowergramApp app)
{
    private const int Cap = 5_000;
    private readonly ShopClient _shop = new(app);

    private Task<HttpResponseMessage> SaveAsync(TestUser user, Guid productId) =>
        _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{productId}/wishlist", user);

    /// <summary>The buyer's wishlist filled with <paramref name="count"/> fresh products of the seller, written directly (5,000 saves by HTTP would take minutes).</summary>
    private Task FillAsync(TestUser seller, TestUser buyer, int count) => _shop.Posts.ExecuteAsync("""
        WITH made AS (
            INSERT INTO products (id, user_id, name, price, currency)
            SELECT gen_random_uuid(), @seller, 'Filler ' || n, 1, 'EUR' FROM generate_series(1, @count) AS n RETURNING id)
        INSERT INTO wishlists (user_id, product_id, created_at) SELECT @buyer, id, now() FROM made
        """, new { seller = seller.Id, buyer = buyer.Id, count });

    private Task<long> WishesAsync(TestUser buyer) =>
        _shop.Posts.ScalarAsync<long>("SELECT count(*) FROM wishlists WHERE user_id = @buyer", new { buyer = buyer.Id });

    [Fact]
    public async Task A_save_beyond_the_cap_is_a_409_and_a_repeat_or_a_deleted_products_wish_does_not_count()
    {
        var seller = await _shop.SellerAsync();
        var buyer = await _shop.Posts.NewUserAsync();
        var (last, over, gone) = (await _shop.ProductIdAsync(seller, "Last"), await _shop.ProductIdAsync(seller, "Over"),
            await _shop.ProductIdAsync(seller, "Gone"));
        await (await SaveAsync(buyer, gone)).EnsureNoContentAsync();
        await FillAsync(seller, buyer, Cap - 2);

        await (await SaveAsync(buyer, last)).EnsureNoContentAsync(); // the 5,000th
        var refused = await (await SaveAsync(buyer, over)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("5000", refused.GetProperty("detail").GetString());
        await (await SaveAsync(buyer, last)).EnsureNoContentAsync(); // already saved: nothing new
        Assert.Equal(Cap, await WishesAsync(buyer));

        // A deleted product's wish waits for wishlist-cleanup, shown nowhere: it frees its place at once.
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{gone}", seller)).EnsureNoContentAsync();
        await (await SaveAsync(buyer, over)).EnsureNoContentAsync();
    }

    [Fact]
    public async Task Saves_at_once_at_the_cap_let_exactly_one_through()
    {
        var seller = await _shop.SellerAsync();
        var buyer = await _shop.Posts.NewUserAsync();
        var products = new List<Guid>();
        for (var i = 0; i < 6; i++) products.Add(await _shop.ProductIdAsync(seller, $"Race {i}"));
        await FillAsync(seller, buyer, Cap - 1);

        var answers = await Task.WhenAll(products.Select(p => SaveAsync(buyer, p)));

        Assert.Equal((1, 5), (answers.Count(a => a.StatusCode == HttpStatusCode.NoContent), answers.Count(a => a.StatusCode == HttpStatusCode.Conflict)));
        Assert.Equal(Cap, await WishesAsync(buyer));
    }
}
