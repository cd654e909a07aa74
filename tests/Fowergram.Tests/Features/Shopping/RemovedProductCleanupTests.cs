using System.Net;
using Fowergram.Features.Moderation;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>
/// A product a moderator removed keeps its post and reel tags, its stories' stickers and its wishlist entries, unseen, only
/// while the removal can be reversed (docs/shopping.md "Removed products"): once it is upheld, or its appeal window passes
/// with no appeal, product-tag-cleanup and wishlist-cleanup delete them; an open appeal keeps them past the window, and a
/// reversal brings them back. An appeal the jobs beat at the window's very end is refused, so no reversal meets a product
/// whose rows are gone. On a database of its own, since the clock moves.
/// </summary>
public sealed class RemovedProductCleanupTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan Window = new ModerationOptions().AppealWindow;
    private readonly ShopClient _shop = new(scratch.App);
    private FowergramApp App => scratch.App;

    private TestUser Fresh(TestUser user) => _shop.Posts.Media.WithFreshToken(user);

    private sealed record Listed(TestUser Seller, TestUser Buyer, Guid Product, Guid Post, Guid Reel, Guid Story);

    /// <summary>A product tagged on a post and a reel, on a story's sticker and on a buyer's wishlist.</summary>
    private async Task<Listed> ListedAsync()
    {
        var (seller, buyer) = (await _shop.SellerAsync(), await _shop.Posts.NewUserAsync());
        var product = await _shop.ProductIdAsync(seller);
        var (post, reel) = (await _shop.Posts.PostIdAsync(seller), await new ReelsClient(App).ReelIdAsync(seller));
        await (await _shop.TagAsync(seller, post, product)).EnsureNoContentAsync();
        await (await _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/products/{product}", seller)).EnsureNoContentAsync();
        await (await _shop.Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{product}/wishlist", buyer)).EnsureNoContentAsync();
        var (story, _) = await new StoryClient(App).CreateStoryAsync(new Person(seller.Id, seller.Username), fields: new { productId = product });
        return new Listed(seller, buyer, product, post, reel, story);
    }

    private async Task<Guid> RemoveAsync(Listed listed)
    {
        var report = (await (await _shop.Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", Fresh(listed.Buyer),
            new { targetType = "product", targetId = listed.Product, reason = "scam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await Moderate($"/api/v1/moderation/reports/{report}/resolve", new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        return report;
    }

    private async Task<HttpResponseMessage> Moderate(string path, object body) =>
        await _shop.Posts.SendAsync(HttpMethod.Post, path, Fresh(await _shop.Posts.ModeratorAsync()), body);

    private Task<HttpResponseMessage> AppealAsync(Listed listed, Guid removal) =>
        _shop.Posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", Fresh(listed.Seller), new { message = "A real shop." });

    private Task<HttpResponseMessage> DecideAsync(Guid removal, string outcome) =>
        Moderate($"/api/v1/moderation/removal-appeals/{removal}/decide", new { outcome });

    /// <summary>Both jobs, one after the other, as their shared schedule runs them (at <paramref name="at"/>, or now).</summary>
    private async Task RunJobsAsync(DateTimeOffset? at = null)
    {
        foreach (var name in new[] { "product-tag-cleanup", "wishlist-cleanup" })
            await App.Services.GetServices<IScheduledJob>().Single(j => j.Name == name).RunAsync(at ?? App.Clock.GetUtcNow(), CancellationToken.None);
    }

    /// <summary>The product's post tags, reel tags, stickers and wishes, and whether it is still restorable.</summary>
    private async Task<(long, long, long, long, bool)> LeftAsync(Guid product) => (await _shop.Posts.QueryAsync<(long, long, long, long, bool)>("""
        SELECT (SELECT count(*) FROM post_product_tags WHERE product_id = @product), (SELECT count(*) FROM reel_product_tags WHERE product_id = @product),
               (SELECT count(*) FROM stories WHERE product_id = @product), (SELECT count(*) FROM wishlists WHERE product_id = @product),
               (SELECT restorable_until IS NOT NULL FROM products WHERE id = @product)
        """, new { product })).Single();

    private static readonly (long, long, long, long, bool) Kept = (1, 1, 1, 1, true), Gone = (0, 0, 0, 0, false);

    [Fact]
    public async Task An_upheld_removal_leaves_its_tags_stickers_and_wishes_to_the_jobs_which_delete_them()
    {
        var listed = await ListedAsync();
        var removal = await RemoveAsync(listed);
        (await AppealAsync(listed, removal)).EnsureSuccessStatusCode();
        await RunJobsAsync();
        Assert.Equal(Kept, await LeftAsync(listed.Product));

        (await DecideAsync(removal, "upheld")).EnsureSuccessStatusCode();
        Assert.Equal((1L, 1L, 1L, 1L, false), await LeftAsync(listed.Product)); // the decision deletes nothing itself
        await RunJobsAsync();

        Assert.Equal(Gone, await LeftAsync(listed.Product));
        Assert.False(await _shop.Posts.ScalarAsync<bool>(
            "SELECT tags_to_clear OR wishlists_to_clear FROM products WHERE id = @product", new { product = listed.Product }));
        Assert.True(await _shop.Posts.ScalarAsync<bool>("SELECT deleted_at IS NULL FROM stories WHERE id = @story", new { story = listed.Story }));
    }

    [Fact]
    public async Task A_removal_not_appealed_in_its_window_is_final_at_the_jobs_next_run_and_its_rows_go()
    {
        var listed = await ListedAsync();
        var removal = await RemoveAsync(listed);
        App.Clock.Advance(Window - TimeSpan.FromSeconds(1));
        await RunJobsAsync();
        Assert.Equal(Kept, await LeftAsync(listed.Product));

        App.Clock.Advance(TimeSpan.FromSeconds(1));
        await RunJobsAsync();

        Assert.Equal(Gone, await LeftAsync(listed.Product));
        await (await AppealAsync(listed, removal)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_appeal_keeps_the_rows_past_the_window_and_a_reversal_then_brings_them_back()
    {
        var listed = await ListedAsync();
        var removal = await RemoveAsync(listed);
        (await AppealAsync(listed, removal)).EnsureSuccessStatusCode();
        App.Clock.Advance(Window + TimeSpan.FromDays(1));
        await RunJobsAsync();
        Assert.Equal(Kept, await LeftAsync(listed.Product));

        (await DecideAsync(removal, "reversed")).EnsureSuccessStatusCode();

        Assert.Equal((1L, 1L, 1L, 1L, false), await LeftAsync(listed.Product)); // live again: nothing left to hold
        var buyer = Fresh(listed.Buyer);
        Assert.Equal([listed.Product], await _shop.TaggedOnAsync(listed.Post, buyer));
        Assert.Equal([listed.Product], ShopClient.Ids(await (await _shop.GetAsync($"/api/v1/reels/{listed.Reel}/products", buyer)).ReadJsonAsync()));
        Assert.Equal([listed.Product], ShopClient.Ids(await (await _shop.GetAsync("/api/v1/users/me/wishlist", buyer)).ReadJsonAsync()));
        await RunJobsAsync();
        Assert.Equal((1L, 1L, 1L, 1L, false), await LeftAsync(listed.Product));
    }

    [Fact]
    public async Task An_appeal_the_jobs_beat_at_the_windows_very_end_is_refused_and_nothing_can_come_back()
    {
        var listed = await ListedAsync();
        var removal = await RemoveAsync(listed);
        var removed = await _shop.Posts.ScalarAsync<DateTimeOffset>("SELECT deleted_at FROM products WHERE id = @product", new { product = listed.Product });
        // The jobs' host reads the window's end a moment before the API's does: the appeal still looks in time to the API.
        await RunJobsAsync(removed + Window);
        Assert.Equal(Gone, await LeftAsync(listed.Product));

        var refused = await (await AppealAsync(listed, removal)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("can no longer come back", refused.GetProperty("detail").GetString());
        var view = await (await _shop.Posts.GetAsync($"/api/v1/users/me/removals/{removal}", Fresh(listed.Seller))).ReadJsonAsync();
        Assert.False(view.GetProperty("canAppeal").GetBoolean());
    }
}
