using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Shopping;

/// <summary>Drives the shopping routes the way a client does, on top of <see cref="PostsClient"/>.</summary>
public sealed class ShopClient(FowergramApp app)
{
    public PostsClient Posts { get; } = new(app);
    public FowergramApp App => app;

    /// <summary>A user who switched to a business profile through PATCH /users/me, as a client would.</summary>
    public async Task<TestUser> SellerAsync(bool isPrivate = false)
    {
        var user = await Posts.NewUserAsync(isPrivate);
        await (await Posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", user, new { profileCategory = "business" })).ReadJsonAsync();
        return user;
    }

    /// <summary>A JPEG PUT to a fresh upload slot with purpose 'product'.</summary>
    public async Task<Guid> ImageAsync(TestUser seller, byte[]? bytes = null) =>
        (await Posts.UploadAsync(seller, bytes, purpose: "product")).UploadId;

    public Task<HttpResponseMessage> CreateAsync(TestUser seller, object body) => Posts.SendAsync(HttpMethod.Post, "/api/v1/products", seller, body);

    /// <summary>Creates a product (201 asserted) with <paramref name="images"/> fresh photos and returns the body.</summary>
    public async Task<JsonElement> ProductAsync(TestUser seller, string name = "Ceramic mug", int images = 1, string? sku = null,
        bool isAvailable = true, decimal price = 24.50m)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < images; i++) ids.Add(await ImageAsync(seller));
        var response = await CreateAsync(seller, new { name, price, currency = "EUR", sku, stockQuantity = 3, isAvailable, images = ids });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public async Task<Guid> ProductIdAsync(TestUser seller, string name = "Ceramic mug", bool isAvailable = true) =>
        (await ProductAsync(seller, name, images: 0, isAvailable: isAvailable)).GetProperty("id").GetGuid();

    public Task<HttpResponseMessage> TagAsync(TestUser user, Guid postId, Guid productId, double x = 0.5, double y = 0.5) =>
        Posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/products/{productId}", user, new { x, y });

    public Task<HttpResponseMessage> GetAsync(string path, TestUser? user) => Posts.GetAsync(path, user);

    /// <summary>The ids of a page's items (products or post cards), in order.</summary>
    public static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    /// <summary>The ids of the products a post's tag list shows.</summary>
    public async Task<List<Guid>> TaggedOnAsync(Guid postId, TestUser? viewer) =>
        (await (await GetAsync($"/api/v1/posts/{postId}/products", viewer)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(t => t.GetProperty("product").GetProperty("id").GetGuid()).ToList();

    public Task<DateTimeOffset?> ReleasedAtAsync(Guid uploadId) =>
        Posts.ScalarAsync<DateTimeOffset?>("SELECT released_at FROM uploads WHERE id = @uploadId", new { uploadId });
}
