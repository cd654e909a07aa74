using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>Product tags: own products on own posts, at most five, moved and removed; deleted and unavailable products drop out.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProductTagTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);

    [Fact]
    public async Task The_author_tags_moves_and_removes_their_own_products_on_their_own_post()
    {
        var seller = await _shop.SellerAsync();
        var (mug, tote) = (await _shop.ProductIdAsync(seller, "Mug"), await _shop.ProductIdAsync(seller, "Tote"));
        var postId = await _shop.Posts.PostIdAsync(seller);

        await (await _shop.TagAsync(seller, postId, mug, 0.1, 0.2)).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await _shop.TagAsync(seller, postId, tote, 0, 1)).EnsureNoContentAsync();
        await (await _shop.TagAsync(seller, postId, mug, 0.7, 0.8)).EnsureNoContentAsync(); // moves, does not add

        var tags = (await (await _shop.GetAsync($"/api/v1/posts/{postId}/products", null)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([(mug, 0.7, 0.8), (tote, 0.0, 1.0)], tags.Select(t =>
            (t.GetProperty("product").GetProperty("id").GetGuid(), t.GetProperty("x").GetDouble(), t.GetProperty("y").GetDouble())));

        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/products/{mug}", seller)).EnsureNoContentAsync();
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/products/{mug}", seller)).EnsureNoContentAsync();
        Assert.Equal([tote], await _shop.TaggedOnAsync(postId, seller));
    }

    [Fact]
    public async Task Only_own_products_on_own_posts_and_a_refusal_changes_nothing()
    {
        var (seller, other) = (await _shop.SellerAsync(), await _shop.SellerAsync());
        var (mine, theirs) = (await _shop.ProductIdAsync(seller), await _shop.ProductIdAsync(other));
        var (myPost, theirPost) = (await _shop.Posts.PostIdAsync(seller), await _shop.Posts.PostIdAsync(other));
        await (await _shop.TagAsync(other, theirPost, theirs)).EnsureNoContentAsync();

        await (await _shop.TagAsync(seller, myPost, theirs)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _shop.TagAsync(seller, theirPost, mine)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _shop.TagAsync(seller, theirPost, theirs, 0.9, 0.9)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{theirPost}/products/{theirs}", seller))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Empty(await _shop.TaggedOnAsync(myPost, seller));
        var tag = (await (await _shop.GetAsync($"/api/v1/posts/{theirPost}/products", null)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Single();
        Assert.Equal((theirs, 0.5), (tag.GetProperty("product").GetProperty("id").GetGuid(), tag.GetProperty("x").GetDouble()));
    }

    [Fact]
    public async Task A_post_tags_at_most_five_products()
    {
        var seller = await _shop.SellerAsync();
        var postId = await _shop.Posts.PostIdAsync(seller);
        var products = new List<Guid>();
        for (var i = 0; i < 6; i++) products.Add(await _shop.ProductIdAsync(seller, $"P{i}"));
        foreach (var product in products.Take(5)) await (await _shop.TagAsync(seller, postId, product)).EnsureNoContentAsync();

        var refused = await (await _shop.TagAsync(seller, postId, products[5])).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(refused.GetProperty("errors").TryGetProperty("productId", out _));
        await (await _shop.TagAsync(seller, postId, products[0], 0.3, 0.3)).EnsureNoContentAsync(); // moving one still works
        Assert.Equal(5L, await _shop.Posts.ScalarAsync<long>("SELECT count(*) FROM post_product_tags WHERE post_id = @postId", new { postId }));
    }

    [Fact]
    public async Task Unavailable_and_deleted_products_disappear_from_tag_lists()
    {
        var seller = await _shop.SellerAsync();
        var (sold, gone, kept) = (await _shop.ProductIdAsync(seller, "Sold"), await _shop.ProductIdAsync(seller, "Gone"), await _shop.ProductIdAsync(seller, "Kept"));
        var postId = await _shop.Posts.PostIdAsync(seller);
        foreach (var product in new[] { sold, gone, kept }) await (await _shop.TagAsync(seller, postId, product)).EnsureNoContentAsync();

        await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{sold}", seller, new { isAvailable = false })).ReadJsonAsync();
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{gone}", seller)).EnsureNoContentAsync();

        Assert.Equal([kept], await _shop.TaggedOnAsync(postId, null));
        Assert.Equal([kept], await _shop.TaggedOnAsync(postId, seller));
        await (await _shop.GetAsync($"/api/v1/products/{gone}/posts", seller)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Posts_featuring_a_product_are_paged_newest_tag_first_and_each_goes_through_the_post_rule()
    {
        var seller = await _shop.SellerAsync();
        var productId = await _shop.ProductIdAsync(seller);
        var posts = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            posts.Add(await _shop.Posts.PostIdAsync(seller));
            await (await _shop.TagAsync(seller, posts[i], productId)).EnsureNoContentAsync();
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        await (await _shop.Posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{posts[1]}/archive", seller)).EnsureNoContentAsync();

        var first = await (await _shop.GetAsync($"/api/v1/products/{productId}/posts?limit=1", null)).ReadJsonAsync();
        var next = first.GetProperty("nextCursor").GetString();
        var rest = await (await _shop.GetAsync($"/api/v1/products/{productId}/posts?cursor={next}", null)).ReadJsonAsync();
        Assert.Equal([posts[2], posts[0]], ShopClient.Ids(first).Concat(ShopClient.Ids(rest)));
        Assert.Equal([posts[2], posts[1], posts[0]], ShopClient.Ids(await (await _shop.GetAsync($"/api/v1/products/{productId}/posts", seller)).ReadJsonAsync()));
        await (await _shop.GetAsync($"/api/v1/posts/{posts[1]}/products", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tagging_needs_a_business_profile_but_removing_a_tag_does_not()
    {
        var seller = await _shop.SellerAsync();
        var productId = await _shop.ProductIdAsync(seller);
        var postId = await _shop.Posts.PostIdAsync(seller);
        await (await _shop.TagAsync(seller, postId, productId)).EnsureNoContentAsync();
        await (await _shop.Posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", seller, new { profileCategory = "personal" })).ReadJsonAsync();

        await (await _shop.TagAsync(seller, postId, productId, 0.2, 0.2)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/products/{productId}", seller)).EnsureNoContentAsync();
        Assert.Empty(await _shop.TaggedOnAsync(postId, seller));
    }
}
