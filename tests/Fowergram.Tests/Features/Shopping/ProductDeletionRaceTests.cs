using System.Net;
using Dapper;
using Fowergram.Features.Shopping;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// A tag (on a post or a reel) or a wish written while the seller deletes the product must wait for the deletion and find
/// the product gone (404), never land on a deleted product: the deletion hands what the product has to product-tag-cleanup
/// and wishlist-cleanup, and a row written after it could outlive their last run. Its foreign key check alone does not
/// wait: the deletion's row lock (FOR NO KEY UPDATE) lets key shares through.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProductDeletionRaceTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);

    [Theory]
    [InlineData("post tag")]
    [InlineData("reel tag")]
    [InlineData("wish")]
    public async Task A_write_racing_the_products_deletion_waits_for_it_and_leaves_nothing_behind(string write)
    {
        var seller = await _shop.SellerAsync();
        var product = await _shop.ProductIdAsync(seller);
        var buyer = await _shop.Posts.NewUserAsync();
        var (table, send) = write switch
        {
            "post tag" => ("post_product_tags", await PostTagAsync(seller, product)),
            "reel tag" => ("reel_product_tags", await ReelTagAsync(seller, product)),
            _ => ("wishlists", (Func<Task<HttpResponseMessage>>)(() =>
                _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{product}/wishlist", buyer))),
        };

        // What DELETE /products/{id} does, up to its commit.
        await using var deleter = await _shop.Posts.Db.OpenConnectionAsync();
        await using var deletion = await deleter.BeginTransactionAsync();
        var args = new { productId = product, viewer = seller.Id, now = app.Clock.GetUtcNow() };
        Assert.NotNull(await deleter.ExecuteScalarAsync<Guid?>(ProductsSql.LockOwn, args, deletion));
        await deleter.ExecuteScalarAsync<long>(ProductsSql.SoftDelete, args, deletion);

        var racing = send();
        Assert.NotNull(await TransactionRace.BlockedByAsync(_shop.Posts.Db, deleter.ProcessID, racing));
        await deletion.CommitAsync();

        await (await racing).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _shop.Posts.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE product_id = @product", new { product }));
    }

    private async Task<Func<Task<HttpResponseMessage>>> PostTagAsync(TestUser seller, Guid product)
    {
        var post = await _shop.Posts.PostIdAsync(seller);
        return () => _shop.TagAsync(seller, post, product);
    }

    private async Task<Func<Task<HttpResponseMessage>>> ReelTagAsync(TestUser seller, Guid product)
    {
        var reel = await new ReelsClient(app).ReelIdAsync(seller);
        return () => _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/products/{product}", seller);
    }
}
