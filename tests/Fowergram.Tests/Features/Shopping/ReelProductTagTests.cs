using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// Product tags on reels (reel_product_tags, migration 0090): a business account's own products on its own reels, at most
/// five, idempotent, removed; what is listed follows the reel's and the products' visibility both ways.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelProductTagTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);
    private readonly ReelsClient _reels = new(app);

    private Task<HttpResponseMessage> TagAsync(TestUser user, Guid reelId, Guid productId) =>
        _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/products/{productId}", user);

    private async Task<List<Guid>> ProductsOfAsync(Guid reelId, TestUser? viewer) =>
        ShopClient.Ids(await (await _shop.GetAsync($"/api/v1/reels/{reelId}/products", viewer)).ReadJsonAsync());

    [Fact]
    public async Task A_seller_tags_and_untags_their_products_on_their_reel_and_each_side_lists_the_other()
    {
        var seller = await _shop.SellerAsync();
        var (mug, tote, gone) = (await _shop.ProductIdAsync(seller, "Mug"), await _shop.ProductIdAsync(seller, "Tote"), await _shop.ProductIdAsync(seller, "Old"));
        var reel = await _reels.ReelIdAsync(seller);

        foreach (var product in new[] { mug, tote, gone })
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
            await (await TagAsync(seller, reel, product)).EnsureNoContentAsync();
        }
        await (await TagAsync(seller, reel, mug)).EnsureNoContentAsync(); // idempotent
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{gone}", seller)).EnsureNoContentAsync();

        Assert.Equal([mug, tote], await ProductsOfAsync(reel, null));
        var reelsOfMug = await (await _shop.GetAsync($"/api/v1/products/{mug}/reels", null)).ReadJsonAsync();
        Assert.Equal([reel], ShopClient.Ids(reelsOfMug));

        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}/products/{mug}", seller)).EnsureNoContentAsync();
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}/products/{mug}", seller)).EnsureNoContentAsync();
        Assert.Equal([tote], await ProductsOfAsync(reel, seller));
        Assert.Empty(ShopClient.Ids(await (await _shop.GetAsync($"/api/v1/products/{mug}/reels", null)).ReadJsonAsync()));
    }

    [Fact]
    public async Task Only_own_products_on_own_reels_at_most_five_and_hidden_reels_list_nothing()
    {
        var (seller, other) = (await _shop.SellerAsync(), await _shop.SellerAsync());
        var (mine, theirs) = (await _shop.ProductIdAsync(seller), await _shop.ProductIdAsync(other));
        var (myReel, theirReel) = (await _reels.ReelIdAsync(seller), await _reels.ReelIdAsync(other));
        var personal = await _shop.Posts.NewUserAsync();
        var personalReel = await _reels.ReelIdAsync(personal);

        await (await TagAsync(seller, myReel, theirs)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await TagAsync(seller, theirReel, mine)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{theirReel}/products/{theirs}", seller)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await TagAsync(personal, personalReel, mine)).AssertProblemAsync(HttpStatusCode.Forbidden); // not a business profile
        await (await TagAsync(seller, myReel, mine)).EnsureNoContentAsync();

        var more = new List<Guid>();
        for (var i = 0; i < 5; i++) more.Add(await _shop.ProductIdAsync(seller, $"P{i}"));
        foreach (var product in more.Take(4)) await (await TagAsync(seller, myReel, product)).EnsureNoContentAsync();
        await (await TagAsync(seller, myReel, more[4])).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(5, (await ProductsOfAsync(myReel, seller)).Count);

        var stranger = await _shop.Posts.NewUserAsync();
        await _shop.Posts.BlockAsync(seller, stranger);
        await (await _shop.GetAsync($"/api/v1/reels/{myReel}/products", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _shop.GetAsync($"/api/v1/products/{mine}/reels", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _shop.GetAsync($"/api/v1/products/{mine}/reels?limit=0", null)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
