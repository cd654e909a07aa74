using System.Net;
using Fowergram.Features.Shopping;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// A seller's deletion leaves its product's wishlist entries, however many, to wishlist-cleanup (docs/shopping.md
/// "Selling"): until the job deletes them no read shows them. The job acts on every deleted product, which on the shared
/// database only does early what it would do anyway.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WishlistCleanupTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);

    private IScheduledJob Job => app.Services.GetServices<IScheduledJob>().Single(j => j.Name == "wishlist-cleanup");

    [Fact]
    public void Job_runs_every_quarter_hour_in_both_hosts()
    {
        Assert.IsType<WishlistCleanupJob>(Job);
        Assert.Equal(("0 */15 * * * *", TimeSpan.FromMinutes(15)), (Job.Schedule, Job.Interval));
    }

    [Fact]
    public async Task The_deletion_leaves_the_wishes_and_no_read_shows_them_until_the_job_deletes_them()
    {
        var seller = await _shop.SellerAsync();
        var (gone, kept) = (await _shop.ProductIdAsync(seller, "Gone mug"), await _shop.ProductIdAsync(seller, "Kept mug"));
        var buyers = new List<TestUser>();
        for (var i = 0; i < 3; i++) buyers.Add(await _shop.Posts.NewUserAsync());
        foreach (var buyer in buyers)
        foreach (var id in new[] { gone, kept })
            await (await _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{id}/wishlist", buyer)).EnsureNoContentAsync();

        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{gone}", seller)).EnsureNoContentAsync();

        Assert.Equal((3L, true), (await WishesAsync(gone), await ToClearAsync(gone)));
        Assert.False(await ToClearAsync(kept));
        foreach (var buyer in buyers)
        {
            Assert.Equal([kept], ShopClient.Ids(await (await _shop.GetAsync("/api/v1/users/me/wishlist", buyer)).ReadJsonAsync()));
            await (await _shop.GetAsync($"/api/v1/products/{gone}", buyer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{gone}/wishlist", buyer)).AssertProblemAsync(HttpStatusCode.NotFound);
            var exported = (await (await _shop.GetAsync("/api/v1/users/me/export", buyer)).ReadJsonAsync()).GetProperty("wishlist");
            Assert.Equal([kept], exported.EnumerateArray().Select(w => w.GetProperty("productId").GetGuid()));
        }
        // A price drop of the deleted product reaches nobody: the seller can no longer edit it.
        await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{gone}", seller, new { price = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);

        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal((0L, false), (await WishesAsync(gone), await ToClearAsync(gone)));
        Assert.Equal(3L, await WishesAsync(kept));
    }

    [Fact]
    public async Task More_than_a_batch_of_wishes_goes_in_one_run_and_runs_at_once_are_harmless()
    {
        var seller = await _shop.SellerAsync();
        var product = await _shop.ProductIdAsync(seller);
        var many = WishlistCleanupJob.Batch + 7;
        await _shop.Posts.ExecuteAsync("""
            WITH savers AS (
                INSERT INTO users (id, email, username, hashed_password)
                SELECT gen_random_uuid(), 'saver' || n || '@' || @tag || '.example', 'saver_' || n || '_' || @tag, 'x' FROM generate_series(1, @many) n
                RETURNING id)
            INSERT INTO wishlists (user_id, product_id, created_at) SELECT s.id, @product, @now FROM savers s
            """, new { product, many, now = app.Clock.GetUtcNow(), tag = product.ToString("N")[..12] });

        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{product}", seller)).EnsureNoContentAsync();
        Assert.Equal(many, await WishesAsync(product));

        await Task.WhenAll(Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None), Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None));

        Assert.Equal((0L, false), (await WishesAsync(product), await ToClearAsync(product)));
    }

    private Task<long> WishesAsync(Guid product) =>
        _shop.Posts.ScalarAsync<long>("SELECT count(*) FROM wishlists WHERE product_id = @product", new { product });

    private Task<bool> ToClearAsync(Guid product) =>
        _shop.Posts.ScalarAsync<bool>("SELECT wishlists_to_clear FROM products WHERE id = @product", new { product });
}
