using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>A product is visible exactly when its seller's content is: products, shops and tag lists across every relationship.</summary>
[Collection(ApiCollection.Name)]
public sealed class ShopVisibilityTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);

    public static TheoryData<Relation, bool> Cells()
    {
        var cells = new TheoryData<Relation, bool>();
        foreach (var relation in Enum.GetValues<Relation>())
        foreach (var isPrivate in new[] { false, true })
            cells.Add(relation, isPrivate);
        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Products_shops_and_tags_follow_the_sellers_content_visibility(Relation relation, bool isPrivate)
    {
        var seller = await _shop.SellerAsync(isPrivate);
        var productId = (await _shop.ProductAsync(seller)).GetProperty("id").GetGuid();
        var postId = await _shop.Posts.PostIdAsync(seller);
        await (await _shop.TagAsync(seller, postId, productId)).EnsureNoContentAsync();
        var viewer = await _shop.Posts.ViewerAsync(relation, seller);
        var sees = PostsClient.Sees(relation, isPrivate);
        var expected = sees ? HttpStatusCode.OK : HttpStatusCode.NotFound;

        Assert.Equal(expected, (await _shop.GetAsync($"/api/v1/products/{productId}", viewer)).StatusCode);
        Assert.Equal(expected, (await _shop.GetAsync($"/api/v1/users/{seller.Username}/products", viewer)).StatusCode);
        Assert.Equal(expected, (await _shop.GetAsync($"/api/v1/posts/{postId}/products", viewer)).StatusCode);
        Assert.Equal(expected, (await _shop.GetAsync($"/api/v1/products/{productId}/posts", viewer)).StatusCode);
        if (sees)
        {
            Assert.Equal([productId], ShopClient.Ids(await (await _shop.GetAsync($"/api/v1/users/{seller.Username}/products", viewer)).ReadJsonAsync()));
            Assert.Equal([productId], await _shop.TaggedOnAsync(postId, viewer));
            Assert.Equal([postId], ShopClient.Ids(await (await _shop.GetAsync($"/api/v1/products/{productId}/posts", viewer)).ReadJsonAsync()));
        }
        if (viewer is not null && viewer != seller)
        {
            var saved = await _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{productId}/wishlist", viewer);
            Assert.Equal(sees ? HttpStatusCode.NoContent : HttpStatusCode.NotFound, saved.StatusCode);
        }
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task A_deleted_or_deactivated_sellers_products_are_gone_for_everyone_else(string change)
    {
        var seller = await _shop.SellerAsync();
        var productId = await _shop.ProductIdAsync(seller);
        var buyer = await _shop.Posts.NewUserAsync();
        await (await _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{productId}/wishlist", buyer)).EnsureNoContentAsync();

        await _shop.Posts.ExecuteAsync(change, new { id = seller.Id });

        await (await _shop.GetAsync($"/api/v1/products/{productId}", buyer)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _shop.GetAsync($"/api/v1/users/{seller.Username}/products", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        // The wish still counts towards the limit, so the list keeps it, as its id alone ("Wishlist limit").
        var wish = Assert.Single((await (await _shop.GetAsync("/api/v1/users/me/wishlist", buyer)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal($$"""{"id":"{{productId}}","available":false}""", wish.GetRawText());
    }

    [Fact]
    public async Task A_shop_lists_available_products_newest_first_in_pages_and_the_seller_also_sees_unavailable_ones()
    {
        var seller = await _shop.SellerAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await _shop.ProductIdAsync(seller, $"Item {i}"));
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        var hidden = await _shop.ProductIdAsync(seller, "Sold out", isAvailable: false);
        var buyer = await _shop.Posts.NewUserAsync();

        var first = await (await _shop.GetAsync($"/api/v1/users/{seller.Username}/products?limit=2", buyer)).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await _shop.GetAsync($"/api/v1/users/{seller.Username}/products?limit=2&cursor={cursor}", buyer)).ReadJsonAsync();
        Assert.Equal([ids[2], ids[1], ids[0]], ShopClient.Ids(first).Concat(ShopClient.Ids(second)));
        Assert.False(second.TryGetProperty("nextCursor", out _));

        Assert.Equal([hidden, ids[2], ids[1], ids[0]], ShopClient.Ids(await (await _shop.GetAsync("/api/v1/users/me/products", seller)).ReadJsonAsync()));
        Assert.Contains(hidden, ShopClient.Ids(await (await _shop.GetAsync($"/api/v1/users/{seller.Username}/products", seller)).ReadJsonAsync()));
        await (await _shop.GetAsync("/api/v1/users/me/products", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
