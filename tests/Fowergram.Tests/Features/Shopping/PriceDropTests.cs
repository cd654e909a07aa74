using System.Net;
using Fowergram.Features.Shopping;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// Price drops and restocks (migrations 0088, 0089; shop-notifications): a seller lowering a product's price, or making it
/// available again, tells its wishers once, never the seller or a wisher who may no longer see the seller; a rise, another
/// currency or a product not for sale tells nobody of a drop; the notice leaves the list with the product.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PriceDropTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);
    private readonly EntityEvents _events = new(app, "productId");

    private async Task WishAsync(Guid productId, TestUser user) =>
        await (await _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{productId}/wishlist", user)).EnsureNoContentAsync();

    private async Task PatchAsync(TestUser seller, Guid productId, object body)
    {
        await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{productId}", seller, body)).ReadJsonAsync();
        await _events.SettleAsync(productId);
    }

    private Task<long> NoticesAsync(TestUser user, Guid productId) => _shop.Posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @user AND type = 'price_drop' AND entity_type = 'product' AND entity_id = @productId",
        new { user = user.Id, productId });

    [Fact]
    public async Task Wishers_who_may_see_the_seller_hear_once_of_a_lower_price()
    {
        var seller = await _shop.SellerAsync();
        var (fan, other, blocked) = (await _shop.Posts.NewUserAsync(), await _shop.Posts.NewUserAsync(), await _shop.Posts.NewUserAsync());
        var productId = (await _shop.ProductAsync(seller, "Mug", images: 0, price: 12m)).GetProperty("id").GetGuid();
        foreach (var user in new[] { fan, other, blocked }) await WishAsync(productId, user);
        await _shop.Posts.BlockAsync(seller, blocked);

        await PatchAsync(seller, productId, new { price = 9m });

        Assert.Equal((1L, 1L, 0L, 0L), (await NoticesAsync(fan, productId), await NoticesAsync(other, productId),
            await NoticesAsync(blocked, productId), await NoticesAsync(seller, productId)));
        Assert.Single(await _events.ListAsync(productId), e => e.Type == PriceDropEvent.Type);
        var notice = (await (await _shop.GetAsync("/api/v1/notifications", fan)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Single(n => n.GetProperty("type").GetString() == "price_drop");
        Assert.Equal($"{seller.Username} lowered the price of a product on your wishlist.", notice.GetProperty("text").GetString());
        Assert.Equal("Mug: 9.00 EUR, was 12.00", notice.GetProperty("message").GetString());
        Assert.Equal(("product", productId), (notice.GetProperty("entityType").GetString(), notice.GetProperty("entityId").GetGuid()));

        // The product deleted: its notices leave the list (read-time can_view_entity).
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{productId}", seller)).EnsureNoContentAsync();
        var after = (await (await _shop.GetAsync("/api/v1/notifications", fan)).ReadJsonAsync()).GetProperty("items").EnumerateArray();
        Assert.DoesNotContain(after, n => n.GetProperty("type").GetString() == "price_drop");
    }

    /// <summary>Yen have no cents: a JPY product takes whole prices (12.50 JPY was stored until 2026-12-07) and its notice shows none.</summary>
    [Fact]
    public async Task A_price_in_a_currency_without_a_minor_unit_is_whole_and_its_drop_is_told_without_cents()
    {
        var seller = await _shop.SellerAsync();
        var fan = await _shop.Posts.NewUserAsync();
        var productId = (await _shop.ProductAsync(seller, "Bowl", images: 0, price: 12.50m)).GetProperty("id").GetGuid();
        await WishAsync(productId, fan);
        await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{productId}", seller, new { currency = "JPY" }))
            .AssertValidationErrorAsync("currency");
        await (await _shop.CreateAsync(seller, new { name = "Cup", price = 12.50m, currency = "JPY" })).AssertValidationErrorAsync("price");

        await PatchAsync(seller, productId, new { price = 1200m, currency = "JPY" });
        await PatchAsync(seller, productId, new { price = 900m });

        var notice = (await (await _shop.GetAsync("/api/v1/notifications", fan)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Single(n => n.GetProperty("type").GetString() == "price_drop");
        Assert.Equal("Bowl: 900 JPY, was 1200", notice.GetProperty("message").GetString());
        Assert.Equal(900m, await _shop.Posts.ScalarAsync<decimal>("SELECT price FROM products WHERE id = @productId", new { productId }));
    }

    /// <summary>
    /// A dinar is 1,000 fils: a BHD price keeps three decimals, stored, shown and told as such; two-decimal currencies keep two,
    /// written the same however the JSON number was. Until 2026-12-07 1.255 BHD was a 400 and 1.250 came back 1.25.
    /// </summary>
    [Fact]
    public async Task A_price_in_a_three_decimal_currency_keeps_its_thousandths()
    {
        var seller = await _shop.SellerAsync();
        var fan = await _shop.Posts.NewUserAsync();
        var created = await _shop.CreateAsync(seller, new { name = "Dallah", price = 1.255m, currency = "BHD" });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        Assert.Contains("\"price\":1.255,", body);
        var productId = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        await WishAsync(productId, fan);
        await (await _shop.CreateAsync(seller, new { name = "Cup", price = 1.2555m, currency = "KWD" })).AssertValidationErrorAsync("price");
        await (await _shop.CreateAsync(seller, new { name = "Cup", price = 1.255m, currency = "EUR" })).AssertValidationErrorAsync("price");
        await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{productId}", seller, new { currency = "EUR" }))
            .AssertValidationErrorAsync("currency");

        await PatchAsync(seller, productId, new { price = 1.25m }); // a drop of 5 fils, shown with all three decimals

        var notice = (await (await _shop.GetAsync("/api/v1/notifications", fan)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Single(n => n.GetProperty("type").GetString() == "price_drop");
        Assert.Equal("Dallah: 1.250 BHD, was 1.255", notice.GetProperty("message").GetString());
        Assert.Contains("\"price\":1.250,", await (await _shop.GetAsync($"/api/v1/products/{productId}", fan)).Content.ReadAsStringAsync());
        var euros = await _shop.CreateAsync(seller, new { name = "Cup", price = 1.5E1, currency = "EUR" });
        Assert.Contains("\"price\":15.00,", await euros.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_rise_another_currency_or_a_product_not_for_sale_tells_nobody()
    {
        var seller = await _shop.SellerAsync();
        var fan = await _shop.Posts.NewUserAsync();
        var productId = (await _shop.ProductAsync(seller, "Vase", images: 0, price: 40m)).GetProperty("id").GetGuid();
        await WishAsync(productId, fan);

        await PatchAsync(seller, productId, new { price = 45m });
        await PatchAsync(seller, productId, new { price = 30m, currency = "USD" });
        await PatchAsync(seller, productId, new { isAvailable = false });
        await PatchAsync(seller, productId, new { price = 20m });
        await PatchAsync(seller, productId, new { name = "Tall vase" }); // the price unchanged
        Assert.Equal(0L, await NoticesAsync(fan, productId));

        await PatchAsync(seller, productId, new { isAvailable = true, price = 19.99m }); // back in stock, not a drop
        Assert.Equal(0L, await NoticesAsync(fan, productId));
        await PatchAsync(seller, productId, new { price = 18m });
        Assert.Equal(1L, await NoticesAsync(fan, productId));
    }

    [Fact]
    public async Task Making_a_product_available_again_tells_its_wishers_once()
    {
        var seller = await _shop.SellerAsync();
        var (fan, blocked) = (await _shop.Posts.NewUserAsync(), await _shop.Posts.NewUserAsync());
        var productId = await _shop.ProductIdAsync(seller, "Lamp", isAvailable: false);
        await WishAsync(productId, fan);
        await WishAsync(productId, blocked);
        await _shop.Posts.BlockAsync(blocked, seller);

        await PatchAsync(seller, productId, new { isAvailable = true });
        await PatchAsync(seller, productId, new { isAvailable = true }); // already available: nothing new

        Assert.Equal((1L, 0L), (await RestocksAsync(fan, productId), await RestocksAsync(blocked, productId)));
        var notice = (await (await _shop.GetAsync("/api/v1/notifications", fan)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Single(n => n.GetProperty("type").GetString() == "back_in_stock");
        Assert.Equal(($"{seller.Username} has a product on your wishlist available again.", "Lamp is available again"),
            (notice.GetProperty("text").GetString(), notice.GetProperty("message").GetString()));
        Assert.Single(await _events.ListAsync(productId), e => e.Type == BackInStockEvent.Type);
    }

    private Task<long> RestocksAsync(TestUser user, Guid productId) => _shop.Posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @user AND type = 'back_in_stock' AND entity_id = @productId",
        new { user = user.Id, productId });
}
