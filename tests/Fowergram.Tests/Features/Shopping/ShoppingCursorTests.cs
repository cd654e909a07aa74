using System.Net;
using System.Text;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// Tampered keyset cursors on the shopping lists: anything the API did not issue is a 400 naming <c>cursor</c> (never a 500),
/// and a well-formed one at the ends of time is an empty or full page, not an error.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ShoppingCursorTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);

    private static string Encoded(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static TheoryData<string> Tampered() =>
    [
        Encoded($"-1.{Guid.NewGuid():N}"),
        Encoded($"99999999999999999999.{Guid.NewGuid():N}"),
        Encoded($"{DateTimeOffset.MaxValue.UtcTicks + 1}.{Guid.NewGuid():N}"),
        Encoded($"638000000000000000.{Guid.NewGuid():N}.x"),
        Encoded("638000000000000000.not-a-guid"),
        Encoded($" 638000000000000000.{Guid.NewGuid():N}"),
        Encoded("\uFFFD\u0000."),
        Encoded($"638000000000000000.{Guid.NewGuid():N}").Replace('A', '+') + "+/", // not base64url
        "%%%",
        new string('A', 101),
    ];

    [Theory]
    [MemberData(nameof(Tampered))]
    public async Task A_cursor_the_API_did_not_issue_is_a_400_naming_cursor_on_every_shopping_list(string cursor)
    {
        var (seller, product) = await ArrangeAsync();
        foreach (var path in Lists(seller, product))
            await (await _shop.GetAsync($"{path}?cursor={Uri.EscapeDataString(cursor)}", seller)).AssertValidationErrorAsync("cursor");
    }

    [Fact]
    public async Task A_well_formed_cursor_at_the_ends_of_time_is_a_page_not_an_error()
    {
        var (seller, product) = await ArrangeAsync();
        foreach (var ticks in new[] { 0L, DateTimeOffset.MaxValue.UtcTicks })
        foreach (var path in Lists(seller, product))
            await (await _shop.GetAsync($"{path}?cursor={Encoded($"{ticks}.{Guid.Empty:N}")}", seller)).ReadJsonAsync(HttpStatusCode.OK);
    }

    private static string[] Lists(TestUser seller, Guid product) =>
    [
        $"/api/v1/users/{seller.Username}/products", "/api/v1/users/me/products", $"/api/v1/products/{product}/posts",
        $"/api/v1/products/{product}/reels", "/api/v1/users/me/wishlist",
    ];

    private async Task<(TestUser Seller, Guid Product)> ArrangeAsync()
    {
        var seller = await _shop.SellerAsync();
        var product = await _shop.ProductIdAsync(seller);
        await (await _shop.TagAsync(seller, await _shop.Posts.PostIdAsync(seller), product)).EnsureNoContentAsync();
        await (await _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{product}/wishlist", seller)).EnsureNoContentAsync();
        return (seller, product);
    }
}
