using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// product-tag-cleanup and wishlist-cleanup share a schedule and often work on the same deleted product at once: each must
/// finish its own rows in its run, not skip the product because the other holds it (docs/shopping.md "Selling"). Until
/// 2026-12-06 both locked the product FOR NO KEY UPDATE SKIP LOCKED, and the second left it for 15 minutes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProductCleanupConcurrencyTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);
    private PostsClient Posts => _shop.Posts;

    private IScheduledJob Job(string name) => app.Services.GetServices<IScheduledJob>().Single(j => j.Name == name);

    [Theory]
    [InlineData("product-tag-cleanup", "post_product_tags", "wishlist-cleanup", "wishlists")]
    [InlineData("wishlist-cleanup", "wishlists", "product-tag-cleanup", "post_product_tags")]
    public async Task Each_job_finishes_its_rows_while_the_other_is_midway_through_the_same_product(
        string held, string heldTable, string other, string otherTable)
    {
        var (seller, buyer) = (await _shop.SellerAsync(), await Posts.NewUserAsync());
        var product = await _shop.ProductIdAsync(seller);
        await (await _shop.TagAsync(seller, await Posts.PostIdAsync(seller), product)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{product}/wishlist", buyer)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{product}", seller)).EnsureNoContentAsync();

        // Holds the first job inside its transaction on the product: its delete of the row waits for this key share.
        await using var blocker = await Posts.Db.OpenConnectionAsync();
        await using var block = await blocker.BeginTransactionAsync();
        await using (var share = new NpgsqlCommand($"SELECT 1 FROM {heldTable} WHERE product_id = @product FOR KEY SHARE", blocker, block))
        {
            share.Parameters.AddWithValue("product", product);
            Assert.NotNull(await share.ExecuteScalarAsync());
        }
        var first = Job(held).RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);
        await TransactionRace.WaitUntilBlockedByAsync(Posts.Db, blocker.ProcessID, first);

        await Job(other).RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(0L, await CountAsync(otherTable, product));
        await block.CommitAsync();
        await first;
        Assert.Equal(0L, await CountAsync(heldTable, product));
        Assert.False(await Posts.ScalarAsync<bool>("SELECT tags_to_clear OR wishlists_to_clear FROM products WHERE id = @product", new { product }));
    }

    private Task<long> CountAsync(string table, Guid product) =>
        Posts.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE product_id = @product", new { product });
}
