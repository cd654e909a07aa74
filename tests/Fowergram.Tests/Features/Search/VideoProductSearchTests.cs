using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Shopping;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Search;

/// <summary>
/// GET /search/videos and /search/products (docs/posts.md "Keyword search"): long-form videos by their titles and
/// descriptions, products by their names and descriptions, each result one the caller may see. Every test searches words of
/// its own (a fresh token), so other tests' videos and products never match.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VideoProductSearchTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);
    private readonly ShopClient _shop = new(app);
    private PostsClient Posts => _videos.Posts;

    private static string Word() => "kw" + Guid.NewGuid().ToString("N")[..10];

    private async Task<List<Guid>> SearchAsync(string kind, string q, TestUser? caller, string extra = "") =>
        VideosClient.Ids(await (await Posts.GetAsync($"/api/v1/search/{kind}?q={Uri.EscapeDataString(q)}{extra}", caller)).ReadJsonAsync());

    private async Task<Guid> VideoAsync(TestUser author, string title, string description = "", bool published = true)
    {
        var slot = await _videos.UploadAsync(author);
        var response = await _videos.CreateAsync(author, new { uploadId = slot.UploadId, title, description, durationSeconds = 600, published });
        return Later((await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
    }

    private async Task<Guid> ProductAsync(TestUser seller, string name, string description = "", bool isAvailable = true) =>
        Later((await (await _shop.CreateAsync(seller, new { name, description, price = 12.5m, currency = "EUR", isAvailable, images = Array.Empty<Guid>() }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());

    /// <summary>The test clock moves on after each write, so "newest first" is the order of creation, not of ids.</summary>
    private Guid Later(Guid id)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return id;
    }

    [Fact]
    public async Task Published_videos_are_found_by_the_words_of_their_title_and_description_newest_published_first()
    {
        var (cooking, pasta) = (Word(), Word());
        var author = await Posts.NewUserAsync();
        var inTitle = await VideoAsync(author, $"{cooking.ToUpperInvariant()} at home");
        var inBoth = await VideoAsync(author, $"{cooking} night", $"Fresh {pasta} from scratch");
        var draft = await VideoAsync(author, $"{cooking} draft", published: false);
        var reader = await Posts.NewUserAsync();

        Assert.Equal([inBoth, inTitle], await SearchAsync("videos", cooking, reader));
        Assert.Equal([inBoth], await SearchAsync("videos", $"{cooking} {pasta}", null)); // title and description together, to guests too
        Assert.Equal([inTitle], await SearchAsync("videos", $"{cooking} -{pasta}", reader));
        Assert.DoesNotContain(draft, await SearchAsync("videos", cooking, author)); // a draft is found by nobody, its author included

        (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{draft}/publish", author)).EnsureSuccessStatusCode();
        Assert.Equal([draft, inBoth, inTitle], await SearchAsync("videos", cooking, reader)); // newest published first

        var first = await (await Posts.GetAsync($"/api/v1/search/videos?q={cooking}&limit=2", reader)).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString()!;
        Assert.Equal([draft, inBoth, inTitle],
            VideosClient.Ids(first).Concat(await SearchAsync("videos", cooking, reader, $"&limit=2&cursor={Uri.EscapeDataString(cursor)}")));
    }

    [Fact]
    public async Task Deleted_private_and_blocked_videos_are_found_only_by_who_may_see_them()
    {
        var word = Word();
        var (author, privateAuthor, follower, blocked) =
            (await Posts.NewUserAsync(), await Posts.NewUserAsync(isPrivate: true), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var shown = await VideoAsync(author, $"{word} shown");
        var deleted = await VideoAsync(author, $"{word} deleted");
        var hidden = await VideoAsync(privateAuthor, $"{word} private");
        (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{deleted}", author)).EnsureSuccessStatusCode();
        await Posts.FollowAsync(follower, privateAuthor);
        await Posts.BlockAsync(author, blocked);

        Assert.Equal([shown], await SearchAsync("videos", word, null));
        Assert.Equal([hidden, shown], await SearchAsync("videos", word, follower));
        Assert.Empty(await SearchAsync("videos", word, blocked));
    }

    [Fact]
    public async Task Sorted_by_relevance_videos_rank_by_how_well_the_words_match_and_their_likes_and_comments()
    {
        var (travel, japan) = (Word(), Word());
        var author = await Posts.NewUserAsync();
        var close = await VideoAsync(author, $"{travel} {japan}");
        var apart = await VideoAsync(author, $"{travel} diaries", $"far far far far far far far far far far far away: {japan}");
        var liked = await VideoAsync(author, $"{japan} diaries", $"far far far far far far far far far far far away: {travel}");
        await Posts.ExecuteAsync("""
            INSERT INTO igtv_stats (video_id, like_count) VALUES (@liked, 500)
            ON CONFLICT (video_id) DO UPDATE SET like_count = 500
            """, new { liked });

        var q = $"{travel} {japan}";
        Assert.Equal([close, liked, apart], await SearchAsync("videos", q, null, "&sort=relevant"));
        var first = await (await Posts.GetAsync($"/api/v1/search/videos?q={Uri.EscapeDataString(q)}&sort=relevant&limit=1", null)).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString()!;
        Assert.Equal([close, liked, apart],
            VideosClient.Ids(first).Concat(await SearchAsync("videos", q, null, $"&sort=relevant&cursor={Uri.EscapeDataString(cursor)}")));
    }

    [Fact]
    public async Task Available_products_are_found_by_their_name_and_description_as_their_shops_show_them()
    {
        var (mug, glaze) = (Word(), Word());
        var (seller, privateSeller, follower, blocked) =
            (await _shop.SellerAsync(), await _shop.SellerAsync(isPrivate: true), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var named = await ProductAsync(seller, $"Ceramic {mug}");
        var described = await ProductAsync(seller, "Tea cup", $"Matches the {mug}, {glaze} finish");
        var unavailable = await ProductAsync(seller, $"{mug} sold out", isAvailable: false);
        var deleted = await ProductAsync(seller, $"{mug} gone");
        var hidden = await ProductAsync(privateSeller, $"{mug} for followers");
        (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{deleted}", seller)).EnsureSuccessStatusCode();
        await Posts.FollowAsync(follower, privateSeller);
        await Posts.BlockAsync(seller, blocked);

        Assert.Equal([described, named], await SearchAsync("products", mug, null));
        Assert.Equal([described], await SearchAsync("products", $"{glaze} {mug}", null));
        Assert.Equal([hidden, described, named], await SearchAsync("products", mug, follower));
        Assert.DoesNotContain(unavailable, await SearchAsync("products", mug, seller)); // the seller's catalogue lists it; search does not
        Assert.Empty(await SearchAsync("products", mug, blocked));

        (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{unavailable}", seller, new { isAvailable = true })).EnsureSuccessStatusCode();
        Assert.Equal([unavailable, described, named], await SearchAsync("products", mug, null));
    }

    [Fact]
    public async Task Sorted_by_relevance_a_product_more_accounts_wishlisted_comes_before_an_equal_match()
    {
        var (lamp, brass) = (Word(), Word());
        var seller = await _shop.SellerAsync();
        var wanted = await ProductAsync(seller, $"{brass} {lamp}");
        var plain = await ProductAsync(seller, $"{brass} {lamp}");
        var weak = await ProductAsync(seller, $"{lamp} in a room far far far far far far far far far far far from {brass}");
        foreach (var _ in Enumerable.Range(0, 3))
            (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{wanted}/wishlist", await Posts.NewUserAsync())).EnsureSuccessStatusCode();

        Assert.Equal([wanted, plain, weak], await SearchAsync("products", $"{lamp} {brass}", null, "&sort=relevant"));
        Assert.Equal([weak, plain, wanted], await SearchAsync("products", $"{lamp} {brass}", null, "&sort=recent"));
    }
}
