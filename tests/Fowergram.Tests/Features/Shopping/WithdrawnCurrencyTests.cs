using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// Currencies ISO 4217 has withdrawn (ANG for XCG in 2025, BGN for the euro in 2026): no new price in one, while a product
/// priced in one before stays readable and editable.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WithdrawnCurrencyTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);

    [Theory]
    [InlineData("ANG", "XCG")]
    [InlineData("BGN", "EUR")]
    [InlineData("HRK", "EUR")]
    [InlineData("ZWL", "ZWG")]
    [InlineData("SLL", "SLE")]
    public async Task A_withdrawn_code_is_a_400_naming_currency_and_its_successor_on_create_and_on_patch(string withdrawn, string successor)
    {
        var seller = await _shop.SellerAsync();
        var refused = await (await _shop.Posts.SendRawAsync(HttpMethod.Post, "/api/v1/products", seller,
            $$"""{"name":"Mug","price":12.5,"currency":"{{withdrawn}}"}""")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(successor, CurrencyError(refused));
        Assert.Equal(0L, await _shop.Posts.ScalarAsync<long>("SELECT count(*) FROM products WHERE user_id = @id", new { id = seller.Id }));

        var productId = await _shop.ProductIdAsync(seller);
        await (await _shop.Posts.SendRawAsync(HttpMethod.Patch, $"/api/v1/products/{productId}", seller,
            $$"""{"currency":"{{withdrawn}}"}""")).AssertValidationErrorAsync("currency");
        Assert.Equal("EUR", await CurrencyAsync(productId));
    }

    [Fact]
    public async Task A_product_priced_in_ANG_before_its_withdrawal_stays_readable_and_a_new_price_must_name_the_new_currency()
    {
        var (seller, buyer) = (await _shop.SellerAsync(), await _shop.Posts.NewUserAsync());
        var productId = await _shop.ProductIdAsync(seller);
        await _shop.Posts.ExecuteAsync("UPDATE products SET currency = 'ANG', price = 18.00 WHERE id = @productId", new { productId });
        await (await _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{productId}/wishlist", buyer)).EnsureNoContentAsync();

        var read = await (await _shop.GetAsync($"/api/v1/products/{productId}", buyer)).ReadJsonAsync();
        Assert.Equal(("ANG", 18.00m), (read.GetProperty("currency").GetString(), read.GetProperty("price").GetDecimal()));
        Assert.Contains(productId, ShopClient.Ids(await (await _shop.GetAsync($"/api/v1/users/{seller.Username}/products", buyer)).ReadJsonAsync()));
        Assert.Contains(productId, ShopClient.Ids(await (await _shop.GetAsync("/api/v1/users/me/wishlist", buyer)).ReadJsonAsync()));

        var renamed = await (await _shop.Posts.SendRawAsync(HttpMethod.Patch, $"/api/v1/products/{productId}", seller, """{"name":"Guilder mug"}""")).ReadJsonAsync();
        Assert.Equal(("Guilder mug", "ANG"), (renamed.GetProperty("name").GetString(), renamed.GetProperty("currency").GetString()));

        var refused = await (await _shop.Posts.SendRawAsync(HttpMethod.Patch, $"/api/v1/products/{productId}", seller, """{"price":15}"""))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("XCG", CurrencyError(refused));
        Assert.Equal("18.00 ANG", await _shop.Posts.ScalarAsync<string>("SELECT price || ' ' || currency FROM products WHERE id = @productId", new { productId }));

        await (await _shop.Posts.SendRawAsync(HttpMethod.Patch, $"/api/v1/products/{productId}", seller, """{"price":15,"currency":"XCG"}""")).ReadJsonAsync();
        Assert.Equal("15.00 XCG", await _shop.Posts.ScalarAsync<string>("SELECT price || ' ' || currency FROM products WHERE id = @productId", new { productId }));
    }

    private static string? CurrencyError(System.Text.Json.JsonElement problem) =>
        problem.GetProperty("errors").GetProperty("currency")[0].GetString();

    private Task<string> CurrencyAsync(Guid productId) =>
        _shop.Posts.ScalarAsync<string>("SELECT currency FROM products WHERE id = @productId", new { productId });
}
