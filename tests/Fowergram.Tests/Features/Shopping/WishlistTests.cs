using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>Wishlists: idempotent saves, private to their owner, re-checked at read time.</summary>
[Collection(ApiCollection.Name)]
public sealed class WishlistTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);

    private Task<HttpResponseMessage> SaveAsync(TestUser user, Guid productId) =>
        _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{productId}/wishlist", user);

    private Task<HttpResponseMessage> UnsaveAsync(TestUser user, Guid productId) =>
        _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{productId}/wishlist", user);

    private async Task<List<Guid>> WishlistAsync(TestUser user) =>
        ShopClient.Ids(await (await _shop.GetAsync("/api/v1/users/me/wishlist", user)).ReadJsonAsync());

    [Fact]
    public async Task Saving_and_unsaving_are_idempotent_and_the_list_is_newest_first()
    {
        var seller = await _shop.SellerAsync();
        var (mug, tote) = (await _shop.ProductIdAsync(seller, "Mug"), await _shop.ProductIdAsync(seller, "Tote"));
        var buyer = await _shop.Posts.NewUserAsync();

        await (await SaveAsync(buyer, mug)).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await SaveAsync(buyer, tote)).EnsureNoContentAsync();
        await (await SaveAsync(buyer, mug)).EnsureNoContentAsync();
        Assert.Equal([tote, mug], await WishlistAsync(buyer));
        Assert.True((await (await _shop.GetAsync($"/api/v1/products/{mug}", buyer)).ReadJsonAsync()).GetProperty("isWishlisted").GetBoolean());

        await (await UnsaveAsync(buyer, mug)).EnsureNoContentAsync();
        await (await UnsaveAsync(buyer, mug)).EnsureNoContentAsync();
        Assert.Equal([tote], await WishlistAsync(buyer));
        await (await SaveAsync(buyer, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wishlist_is_its_owners_alone()
    {
        var seller = await _shop.SellerAsync();
        var productId = await _shop.ProductIdAsync(seller);
        var (buyer, other) = (await _shop.Posts.NewUserAsync(), await _shop.Posts.NewUserAsync());
        await (await SaveAsync(buyer, productId)).EnsureNoContentAsync();

        Assert.Empty(await WishlistAsync(other));
        await (await UnsaveAsync(other, productId)).EnsureNoContentAsync(); // removes only the caller's own entry
        Assert.Equal([productId], await WishlistAsync(buyer));
        await (await _shop.GetAsync("/api/v1/users/me/wishlist", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False((await (await _shop.GetAsync($"/api/v1/products/{productId}", other)).ReadJsonAsync()).GetProperty("isWishlisted").GetBoolean());
    }

    [Fact]
    public async Task Products_the_owner_may_no_longer_see_drop_out_and_sold_out_ones_stay()
    {
        var (blocker, privateSeller, plain, deleter) =
            (await _shop.SellerAsync(), await _shop.SellerAsync(), await _shop.SellerAsync(), await _shop.SellerAsync());
        var buyer = await _shop.Posts.NewUserAsync();
        var blocked = await _shop.ProductIdAsync(blocker);
        var hidden = await _shop.ProductIdAsync(privateSeller);
        var soldOut = await _shop.ProductIdAsync(plain);
        var deleted = await _shop.ProductIdAsync(deleter);
        foreach (var id in new[] { blocked, hidden, soldOut, deleted }) await (await SaveAsync(buyer, id)).EnsureNoContentAsync();

        await _shop.Posts.BlockAsync(blocker, buyer);
        await _shop.Posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = privateSeller.Id });
        await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{soldOut}", plain, new { isAvailable = false })).ReadJsonAsync();
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{deleted}", deleter)).EnsureNoContentAsync();

        var list = await (await _shop.GetAsync("/api/v1/users/me/wishlist", buyer)).ReadJsonAsync();
        Assert.Equal([soldOut], ShopClient.Ids(list));
        Assert.False(list.GetProperty("items")[0].GetProperty("isAvailable").GetBoolean());
        await (await UnsaveAsync(buyer, blocked)).EnsureNoContentAsync(); // tidying up never depends on visibility
        Assert.Equal(0L, await _shop.Posts.ScalarAsync<long>("SELECT count(*) FROM wishlists WHERE user_id = @id AND product_id = @blocked",
            new { id = buyer.Id, blocked }));
    }
}
