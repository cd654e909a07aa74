using System.Net;
using Fowergram.Features.Shopping;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// A seller's deletion leaves its product's post and reel tags, however many, to product-tag-cleanup (docs/shopping.md
/// "Selling"): until the job deletes them no read shows them and they take no place; a moderator's removal leaves them for
/// the appeal, and the job does not touch them until the removal is final (RemovedProductCleanupTests). The job acts on every deleted product, which on the shared database only
/// does early what it would do anyway.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProductTagCleanupTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);
    private readonly ReelsClient _reels = new(app);
    private PostsClient Posts => _shop.Posts;

    private IScheduledJob Job => app.Services.GetServices<IScheduledJob>().Single(j => j.Name == "product-tag-cleanup");

    private Task RunJobAsync() => Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);

    [Fact]
    public void Job_runs_every_quarter_hour_in_both_hosts()
    {
        Assert.IsType<ProductTagCleanupJob>(Job);
        Assert.Equal(("0 */15 * * * *", TimeSpan.FromMinutes(15)), (Job.Schedule, Job.Interval));
    }

    [Fact]
    public async Task The_deletion_leaves_the_tags_and_no_read_shows_or_counts_them_until_the_job_deletes_them()
    {
        var (seller, buyer) = (await _shop.SellerAsync(), await Posts.NewUserAsync());
        var (gone, kept) = (await _shop.ProductIdAsync(seller, "Gone mug"), await _shop.ProductIdAsync(seller, "Kept mug"));
        var (post, reel) = (await Posts.PostIdAsync(seller), await _reels.ReelIdAsync(seller));
        foreach (var product in new[] { gone, kept })
        {
            await (await _shop.TagAsync(seller, post, product)).EnsureNoContentAsync();
            await (await ReelTagAsync(seller, reel, product)).EnsureNoContentAsync();
        }

        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{gone}", seller)).EnsureNoContentAsync();

        Assert.Equal((2L, true, false), (await TagsAsync(gone), await ToClearAsync(gone), await ToClearAsync(kept)));
        foreach (var viewer in new[] { buyer, seller, null })
        {
            Assert.Equal([kept], await _shop.TaggedOnAsync(post, viewer));
            Assert.Equal([kept], ShopClient.Ids(await (await _shop.GetAsync($"/api/v1/reels/{reel}/products", viewer)).ReadJsonAsync()));
            await (await _shop.GetAsync($"/api/v1/products/{gone}/posts", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _shop.GetAsync($"/api/v1/products/{gone}/reels", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        var exported = (await (await _shop.GetAsync("/api/v1/users/me/export", seller)).ReadJsonAsync()).GetProperty("productTags");
        Assert.Equal([kept, kept], exported.EnumerateArray().Select(t => t.GetProperty("productId").GetGuid()));
        // Neither moved nor placed again, and it takes no place: four more products fill each set of five.
        await (await _shop.TagAsync(seller, post, gone, 0.1, 0.1)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReelTagAsync(seller, reel, gone)).AssertProblemAsync(HttpStatusCode.NotFound);
        var more = new List<Guid>();
        for (var i = 0; i < 4; i++) more.Add(await _shop.ProductIdAsync(seller, $"Cup {i}"));
        foreach (var product in more)
        {
            await (await _shop.TagAsync(seller, post, product)).EnsureNoContentAsync();
            await (await ReelTagAsync(seller, reel, product)).EnsureNoContentAsync();
        }
        Assert.Equal(0.5, await Posts.ScalarAsync<double>(
            "SELECT x_coordinate FROM post_product_tags WHERE post_id = @post AND product_id = @gone", new { post, gone }));

        await RunJobAsync();

        Assert.Equal((0L, false), (await TagsAsync(gone), await ToClearAsync(gone)));
        Assert.Equal(2L, await TagsAsync(kept));
        foreach (var product in more) Assert.Equal(2L, await TagsAsync(product));
        Assert.Equal(more.Append(kept).Order(), (await _shop.TaggedOnAsync(post, buyer)).Order());
    }

    [Fact]
    public async Task More_than_a_batch_of_tags_goes_in_one_run_exactly_and_runs_at_once_are_harmless()
    {
        var seller = await _shop.SellerAsync();
        var (gone, kept) = (await _shop.ProductIdAsync(seller, "Gone mug"), await _shop.ProductIdAsync(seller, "Kept mug"));
        // 1,003 post tags and 6 reel tags: the first transaction takes a full batch of post tags, the second the rest of both.
        const int onPosts = ProductTagCleanupJob.Batch + 3, onReels = 6;
        await Posts.ExecuteAsync("""
            WITH p AS (INSERT INTO posts (id, user_id) SELECT gen_random_uuid(), @seller FROM generate_series(1, @onPosts) RETURNING id),
            r AS (INSERT INTO reels (id, user_id, video_blob_name, duration)
                  SELECT gen_random_uuid(), @seller, 'reels/x', 10 FROM generate_series(1, @onReels) RETURNING id),
            pt AS (INSERT INTO post_product_tags (post_id, product_id, x_coordinate, y_coordinate, created_at)
                   SELECT p.id, pr.id, 0.5, 0.5, @now FROM p CROSS JOIN unnest(ARRAY[@gone, @kept]) pr(id))
            INSERT INTO reel_product_tags (reel_id, product_id, created_at) SELECT r.id, pr.id, @now FROM r CROSS JOIN unnest(ARRAY[@gone, @kept]) pr(id)
            """, new { seller = seller.Id, gone, kept, onPosts, onReels, now = app.Clock.GetUtcNow() });

        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{gone}", seller)).EnsureNoContentAsync();
        Assert.Equal(onPosts + onReels, await TagsAsync(gone));

        await Task.WhenAll(RunJobAsync(), RunJobAsync());

        Assert.Equal((0L, false), (await TagsAsync(gone), await ToClearAsync(gone)));
        Assert.Equal(onPosts + onReels, await TagsAsync(kept));
    }

    [Fact]
    public async Task A_removed_products_tags_wait_for_the_appeal_and_the_job_leaves_them()
    {
        var (seller, reporter) = (await _shop.SellerAsync(), await Posts.NewUserAsync());
        var product = await _shop.ProductIdAsync(seller);
        var (post, reel) = (await Posts.PostIdAsync(seller), await _reels.ReelIdAsync(seller));
        await (await _shop.TagAsync(seller, post, product)).EnsureNoContentAsync();
        await (await ReelTagAsync(seller, reel, product)).EnsureNoContentAsync();
        var report = (await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter,
            new { targetType = "product", targetId = product, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await Posts.ModeratorAsync(),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        Assert.Empty(await _shop.TaggedOnAsync(post, reporter));
        // Its seller cannot delete it now (it is not live), so nothing hands its tags to the job.
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{product}", seller)).AssertProblemAsync(HttpStatusCode.NotFound);

        await RunJobAsync();

        Assert.Equal((2L, false), (await TagsAsync(product), await ToClearAsync(product)));
    }

    private Task<HttpResponseMessage> ReelTagAsync(TestUser seller, Guid reel, Guid product) =>
        Posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/products/{product}", seller);

    /// <summary>The product's post and reel tags, counted.</summary>
    private Task<long> TagsAsync(Guid product) => Posts.ScalarAsync<long>("""
        SELECT (SELECT count(*) FROM post_product_tags WHERE product_id = @product) + (SELECT count(*) FROM reel_product_tags WHERE product_id = @product)
        """, new { product });

    private Task<bool> ToClearAsync(Guid product) =>
        Posts.ScalarAsync<bool>("SELECT tags_to_clear FROM products WHERE id = @product", new { product });
}
