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

    /// <summary>
    /// A wish the owner may no longer see still counts towards the limit ("Wishlist limit"), so the list shows it, as its id
    /// alone: nothing of the product or its seller. A deleted product's wish counts no more and drops out.
    /// </summary>
    [Fact]
    public async Task Products_the_owner_may_no_longer_see_are_listed_by_id_alone_deleted_ones_drop_out_and_sold_out_ones_stay()
    {
        var (blocker, privateSeller, gone, plain, deleter) = (await _shop.SellerAsync(), await _shop.SellerAsync(),
            await _shop.SellerAsync(), await _shop.SellerAsync(), await _shop.SellerAsync());
        var buyer = await _shop.Posts.NewUserAsync();
        var ids = new List<Guid>();
        foreach (var seller in new[] { blocker, privateSeller, gone, plain, deleter })
        {
            ids.Add(await _shop.ProductIdAsync(seller));
            await (await SaveAsync(buyer, ids[^1])).EnsureNoContentAsync();
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        var (blocked, hidden, deactivated, soldOut, deleted) = (ids[0], ids[1], ids[2], ids[3], ids[4]);

        await _shop.Posts.BlockAsync(blocker, buyer);
        await _shop.Posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = privateSeller.Id });
        await _shop.Posts.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = gone.Id });
        await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{soldOut}", plain, new { isAvailable = false })).ReadJsonAsync();
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{deleted}", deleter)).EnsureNoContentAsync();

        var list = await (await _shop.GetAsync("/api/v1/users/me/wishlist?limit=2", buyer)).ReadJsonAsync();
        var items = list.GetProperty("items").EnumerateArray().ToList();
        var next = await (await _shop.GetAsync($"/api/v1/users/me/wishlist?cursor={Uri.EscapeDataString(list.GetProperty("nextCursor").GetString()!)}", buyer)).ReadJsonAsync();
        items.AddRange(next.GetProperty("items").EnumerateArray());
        Assert.Equal([soldOut, deactivated, hidden, blocked], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.True(items[0].GetProperty("available").GetBoolean());
        Assert.False(items[0].GetProperty("isAvailable").GetBoolean()); // sold out, and still shown in full
        Assert.Equal("Ceramic mug", items[0].GetProperty("name").GetString());
        foreach (var entry in items.Skip(1)) // nothing of the hidden product: its id (the owner saved it) and that it is hidden
            Assert.Equal(["available", "id"], entry.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(items.Skip(1), entry => Assert.False(entry.GetProperty("available").GetBoolean()));

        await (await UnsaveAsync(buyer, blocked)).EnsureNoContentAsync(); // tidying up never depends on visibility
        Assert.Equal([soldOut, deactivated, hidden], await WishlistAsync(buyer));
        Assert.Equal(0L, await _shop.Posts.ScalarAsync<long>("SELECT count(*) FROM wishlists WHERE user_id = @id AND product_id = @blocked",
            new { id = buyer.Id, blocked }));
    }
}
