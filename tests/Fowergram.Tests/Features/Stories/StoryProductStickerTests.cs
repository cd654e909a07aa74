using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Shopping;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// The product sticker (stories.product_id, migration 0095): a business profile's own product for sale, shown to everyone who
/// may see the story while the product stays for sale and visible; anything else is refused with nothing written.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoryProductStickerTests(FowergramApp app)
{
    private readonly StoryClient _stories = new(app);
    private readonly ShopClient _shop = new(app);

    private async Task<(Person Seller, Guid Product)> SellerWithProductAsync(string name = "Ceramic mug", bool isAvailable = true)
    {
        var seller = await _shop.SellerAsync();
        return (new Person(seller.Id, seller.Username), await _shop.ProductIdAsync(seller, name, isAvailable));
    }

    /// <summary>POST /stories with a fresh upload and <paramref name="fields"/>, whatever the answer.</summary>
    private async Task<HttpResponseMessage> CreateAsync(Person author, object fields)
    {
        var body = new Dictionary<string, object?> { ["uploadId"] = await _stories.UploadAsync(author) };
        foreach (var p in JsonSerializer.SerializeToElement(fields, JsonSerializerOptions.Web).EnumerateObject()) body[p.Name] = p.Value;
        return await _stories.SendAsync(HttpMethod.Post, "/api/v1/stories", author, body);
    }

    private static JsonElement? Sticker(JsonElement story) => story.TryGetProperty("product", out var p) && p.ValueKind == JsonValueKind.Object ? p : null;

    [Fact]
    public async Task A_seller_puts_their_product_on_a_story_and_viewers_see_it_while_it_is_for_sale()
    {
        var (seller, mug) = await SellerWithProductAsync("Ceramic mug");
        var viewer = await _stories.NewUserAsync();

        var (storyId, created) = await _stories.CreateStoryAsync(seller, fields: new { productId = mug });

        Assert.Equal((mug, "Ceramic mug", 24.50m, "EUR"), (Sticker(created)!.Value.GetProperty("id").GetGuid(), Sticker(created)!.Value.GetProperty("name").GetString(),
            Sticker(created)!.Value.GetProperty("price").GetDecimal(), Sticker(created)!.Value.GetProperty("currency").GetString()));
        Assert.Equal(mug, Sticker(await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", viewer))!.Value.GetProperty("id").GetGuid());
        var withoutSticker = (await _stories.CreateStoryAsync(seller)).Body;
        Assert.Null(Sticker(withoutSticker));

        // Not for sale any more: the sticker hides (the story stays); for sale again: it is back.
        var sellerUser = new Media.TestUser(seller.Id, seller.Username, _stories.TokenOf(seller));
        await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{mug}", sellerUser, new { isAvailable = false })).ReadJsonAsync();
        Assert.Null(Sticker(await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", viewer)));
        await (await _shop.Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{mug}", sellerUser, new { isAvailable = true })).ReadJsonAsync();
        Assert.NotNull(Sticker(await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", viewer)));
        await (await _shop.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{mug}", sellerUser)).EnsureNoContentAsync();
        Assert.Null(Sticker(await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", viewer)));
        Assert.Null(Sticker(await _stories.GetJsonAsync($"/api/v1/stories/{storyId}", seller)));
    }

    [Fact]
    public async Task Only_a_sellers_own_product_for_sale_goes_on_a_story_and_a_refusal_writes_nothing()
    {
        var (seller, mine) = await SellerWithProductAsync();
        var (other, theirs) = await SellerWithProductAsync();
        var unsold = await _shop.ProductIdAsync(new Media.TestUser(seller.Id, seller.Username, _stories.TokenOf(seller)), "Soon", isAvailable: false);
        var personal = await _stories.NewUserAsync();
        var before = await StoriesOfAsync(seller, other, personal);

        await (await CreateAsync(seller, new { productId = theirs })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await CreateAsync(seller, new { productId = Guid.NewGuid() })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await CreateAsync(seller, new { productId = unsold })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await CreateAsync(seller, new { productId = Guid.Empty })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await CreateAsync(seller, new { productId = "not-a-uuid" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await CreateAsync(personal, new { productId = mine })).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(before, await StoriesOfAsync(seller, other, personal));
        Assert.Equal(0L, await _stories.ScalarAsync<long>("SELECT count(*) FROM stories WHERE product_id = ANY(@ids)",
            new { ids = new[] { mine, theirs, unsold } }));
    }

    [Fact]
    public async Task The_sticker_follows_the_story_into_the_tray_and_the_export()
    {
        var (seller, lamp) = await SellerWithProductAsync("Lamp");
        var follower = await _stories.NewUserAsync();
        await _stories.FollowAsync(follower, seller);
        var (storyId, _) = await _stories.CreateStoryAsync(seller, fields: new { productId = lamp });

        var tray = await _stories.GetJsonAsync("/api/v1/stories/tray", follower);
        var story = tray.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("author").GetProperty("id").GetGuid() == seller.Id)
            .GetProperty("stories").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == storyId);
        Assert.Equal("Lamp", Sticker(story)!.Value.GetProperty("name").GetString());
        var export = await _stories.GetJsonAsync("/api/v1/users/me/export", seller);
        Assert.Equal(lamp, export.GetProperty("stories").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == storyId)
            .GetProperty("productId").GetGuid());
    }

    private Task<long> StoriesOfAsync(params Person[] authors) =>
        _stories.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = ANY(@ids)", new { ids = authors.Select(a => a.Id).ToArray() });
}
