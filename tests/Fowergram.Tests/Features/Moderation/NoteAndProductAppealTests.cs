using System.Net;
using System.Text.Json;
using Fowergram.Features.Moderation;
using Fowergram.Platform.Content;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Shopping;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Appeals of removed notes and products (docs/moderation.md "Removed content and appeals", docs/notes.md "Removed notes",
/// docs/shopping.md "Removed products"): gone from every read once removed, back exactly as they were when a moderator
/// reverses the removal — a note with its likes and its day, a product with its photos, tags and wishlist entries. A note
/// may be appealed only during its day; a thing its author had deleted or replaced cannot be appealed.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoteAndProductAppealTests(FowergramApp app)
{
    private readonly ShopClient _shop = new(app);
    private PostsClient Posts => _shop.Posts;

    private async Task<Guid> ReportAsync(TestUser reporter, string kind, Guid id) =>
        (await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter, new { targetType = kind, targetId = id, reason = "spam" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task<HttpResponseMessage> RemoveAsync(Guid report) =>
        await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await Posts.ModeratorAsync(),
            new { outcome = "actioned", remove = true });

    private Task<HttpResponseMessage> AppealAsync(TestUser owner, Guid removal) =>
        Posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", owner, new { message = "Nothing wrong with it." });

    private async Task<HttpResponseMessage> DecideAsync(Guid removal, string outcome) =>
        await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{removal}/decide", await Posts.ModeratorAsync(), new { outcome });

    private async Task<JsonElement> RemovalAsync(TestUser owner, Guid removal) =>
        await (await Posts.GetAsync($"/api/v1/users/me/removals/{removal}", owner)).ReadJsonAsync();

    /// <summary>A note by <paramref name="author"/> shown to <paramref name="friend"/> (they follow each other).</summary>
    private async Task<JsonElement> NoteAsync(TestUser author, TestUser friend, string text = "selling followers")
    {
        await Posts.FollowAsync(author, friend);
        await Posts.FollowAsync(friend, author);
        return await (await Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text })).ReadJsonAsync(HttpStatusCode.Created);
    }

    private async Task<List<JsonElement>> TrayAsync(TestUser viewer) =>
        (await (await Posts.GetAsync("/api/v1/notes", viewer)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    private Task<bool> CanSeeAsync(TestUser viewer, string type, Guid id) =>
        Posts.ScalarAsync<bool>("SELECT can_view_entity(@viewer, @type, @id)", new { viewer = viewer.Id, type, id });

    [Fact]
    public async Task A_removed_note_is_hidden_then_comes_back_with_its_likes_and_its_day_when_reversed()
    {
        var (author, friend) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var note = await NoteAsync(author, friend);
        var noteId = note.GetProperty("id").GetGuid();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{noteId}/like", friend)).EnsureNoContentAsync();
        var removal = await ReportAsync(friend, "note", noteId);
        (await RemoveAsync(removal)).EnsureSuccessStatusCode();

        Assert.Empty(await TrayAsync(author));
        Assert.Empty(await TrayAsync(friend));
        Assert.False(await CanSeeAsync(author, "note", noteId));
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{noteId}/like", friend)).AssertProblemAsync(HttpStatusCode.NotFound);
        // Its author's DELETE concerns their live note only: the removed one stays for its appeal.
        await (await Posts.SendAsync(HttpMethod.Delete, "/api/v1/users/me/note", author)).EnsureNoContentAsync();
        var listed = await RemovalAsync(author, removal);
        Assert.True(listed.GetProperty("canAppeal").GetBoolean());
        // Its appeal lasts the note's day, not the whole window.
        Assert.Equal(note.GetProperty("expiresAt").GetDateTimeOffset(), listed.GetProperty("appealableUntil").GetDateTimeOffset());

        Assert.Equal(HttpStatusCode.Created, (await AppealAsync(author, removal)).StatusCode);
        (await DecideAsync(removal, "reversed")).EnsureSuccessStatusCode();

        var back = Assert.Single(await TrayAsync(author));
        Assert.Equal((noteId, "selling followers", 1L, note.GetProperty("expiresAt").GetDateTimeOffset()),
            (back.GetProperty("id").GetGuid(), back.GetProperty("text").GetString(), back.GetProperty("likeCount").GetInt64(),
                back.GetProperty("expiresAt").GetDateTimeOffset()));
        var seen = Assert.Single(await TrayAsync(friend));
        Assert.True(seen.GetProperty("isLiked").GetBoolean());
        Assert.True(await CanSeeAsync(author, "note", noteId));
    }

    [Fact]
    public async Task A_removed_note_its_author_replaced_cannot_be_appealed_and_one_upheld_is_deleted()
    {
        var (author, friend) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var first = (await NoteAsync(author, friend)).GetProperty("id").GetGuid();
        var replacedRemoval = await ReportAsync(friend, "note", first);
        (await RemoveAsync(replacedRemoval)).EnsureSuccessStatusCode();
        Assert.True((await RemovalAsync(author, replacedRemoval)).GetProperty("canAppeal").GetBoolean());
        // A new note replaces the last one, removed or not: there is nothing left to bring back, and the list says so.
        var second = (await (await Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, new { text = "still here" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var refused = await (await AppealAsync(author, replacedRemoval)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("can no longer come back", refused.GetProperty("detail").GetString());
        Assert.False((await RemovalAsync(author, replacedRemoval)).GetProperty("canAppeal").GetBoolean());
        var listed = (await (await Posts.GetAsync("/api/v1/users/me/removals", author)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("id").GetGuid() == replacedRemoval);
        Assert.False(listed.GetProperty("canAppeal").GetBoolean());

        var upheldRemoval = await ReportAsync(friend, "note", second);
        (await RemoveAsync(upheldRemoval)).EnsureSuccessStatusCode();
        (await AppealAsync(author, upheldRemoval)).EnsureSuccessStatusCode();
        (await DecideAsync(upheldRemoval, "upheld")).EnsureSuccessStatusCode();
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM notes WHERE user_id = @id", new { id = author.Id }));
        Assert.Empty(await TrayAsync(author));
    }

    [Fact]
    public async Task A_note_or_product_its_author_deleted_before_the_takedown_leaves_nothing_to_remove_or_appeal()
    {
        var (author, friend) = (await _shop.SellerAsync(), await Posts.NewUserAsync());
        var note = (await NoteAsync(author, friend)).GetProperty("id").GetGuid();
        var product = (await _shop.ProductAsync(author)).GetProperty("id").GetGuid();
        var (noteReport, productReport) = (await ReportAsync(friend, "note", note), await ReportAsync(friend, "product", product));
        await (await Posts.SendAsync(HttpMethod.Delete, "/api/v1/users/me/note", author)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/products/{product}", author)).EnsureNoContentAsync();

        foreach (var report in new[] { noteReport, productReport })
            await (await RemoveAsync(report)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM content_removals WHERE owner_id = @id", new { id = author.Id }));
    }

    [Fact]
    public async Task A_removed_product_comes_back_with_its_photos_tags_and_wishlist_entries_when_reversed()
    {
        var (seller, buyer) = (await _shop.SellerAsync(), await Posts.NewUserAsync());
        var created = await _shop.ProductAsync(seller, images: 2);
        var product = created.GetProperty("id").GetGuid();
        var post = await Posts.PostIdAsync(seller);
        (await _shop.TagAsync(seller, post, product, 0.25, 0.75)).EnsureSuccessStatusCode();
        var reels = new ReelsClient(app);
        var reel = await reels.ReelIdAsync(seller);
        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/products/{product}", seller)).EnsureSuccessStatusCode();
        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/products/{product}/wishlist", buyer)).EnsureSuccessStatusCode();
        var removal = await ReportAsync(buyer, "product", product);
        (await RemoveAsync(removal)).EnsureSuccessStatusCode();

        await (await _shop.GetAsync($"/api/v1/products/{product}", buyer)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await _shop.TaggedOnAsync(post, buyer));
        Assert.Empty(ShopClient.Ids(await (await _shop.GetAsync("/api/v1/users/me/wishlist", buyer)).ReadJsonAsync()));
        Assert.False(await CanSeeAsync(buyer, "product", product));
        // Its tag waits unseen without taking a place: the post takes a full set of other tags.
        for (var i = 0; i < 5; i++)
            (await _shop.TagAsync(seller, post, await _shop.ProductIdAsync(seller, $"Mug {i}"))).EnsureSuccessStatusCode();
        Assert.True((await RemovalAsync(seller, removal)).GetProperty("canAppeal").GetBoolean());

        Assert.Equal(HttpStatusCode.Created, (await AppealAsync(seller, removal)).StatusCode);
        (await DecideAsync(removal, "reversed")).EnsureSuccessStatusCode();

        var back = await (await _shop.GetAsync($"/api/v1/products/{product}", buyer)).ReadJsonAsync();
        Assert.Equal((created.GetProperty("name").GetString(), created.GetProperty("updatedAt").GetDateTimeOffset(), true),
            (back.GetProperty("name").GetString(), back.GetProperty("updatedAt").GetDateTimeOffset(), back.GetProperty("isWishlisted").GetBoolean()));
        var images = back.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(created.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()), images.Select(i => i.GetProperty("id").GetGuid()));
        foreach (var image in images) (await app.Client.GetAsync(image.GetProperty("url").GetString())).EnsureSuccessStatusCode();
        foreach (var image in images) Assert.Null(await _shop.ReleasedAtAsync(image.GetProperty("id").GetGuid()));
        Assert.Contains(product, await _shop.TaggedOnAsync(post, buyer));
        Assert.Equal([product], ShopClient.Ids(await (await _shop.GetAsync($"/api/v1/reels/{reel}/products", buyer)).ReadJsonAsync()));
        Assert.Equal([product], ShopClient.Ids(await (await _shop.GetAsync("/api/v1/users/me/wishlist", buyer)).ReadJsonAsync()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_removed_products_SKU_is_free_meanwhile_and_comes_back_only_if_still_free(bool reusedMeanwhile)
    {
        // The SKU key spanned deleted rows: the removed product held its SKU against the seller's next one (a 409) until the
        // removal was settled. Now it is free meanwhile; a reversal keeps the SKU only if no live product took it.
        var (seller, buyer) = (await _shop.SellerAsync(), await Posts.NewUserAsync());
        var product = (await _shop.ProductAsync(seller, images: 0, sku: "MUG-1")).GetProperty("id").GetGuid();
        var removal = await ReportAsync(buyer, "product", product);
        (await RemoveAsync(removal)).EnsureSuccessStatusCode();
        Guid? successor = reusedMeanwhile ? (await _shop.ProductAsync(seller, "Better mug", images: 0, sku: "MUG-1")).GetProperty("id").GetGuid() : null;

        Assert.Equal(HttpStatusCode.Created, (await AppealAsync(seller, removal)).StatusCode);
        (await DecideAsync(removal, "reversed")).EnsureSuccessStatusCode();

        var back = await (await _shop.GetAsync($"/api/v1/products/{product}", seller)).ReadJsonAsync();
        Assert.Equal(reusedMeanwhile ? null : "MUG-1", back.TryGetProperty("sku", out var sku) ? sku.GetString() : null); // absent when none
        if (successor is { } other)
            Assert.Equal("MUG-1", (await (await _shop.GetAsync($"/api/v1/products/{other}", seller)).ReadJsonAsync()).GetProperty("sku").GetString());
    }

    [Fact]
    public async Task A_removed_products_photos_are_held_to_the_windows_end_and_let_go_when_upheld()
    {
        var (seller, buyer) = (await _shop.SellerAsync(), await Posts.NewUserAsync());
        var created = await _shop.ProductAsync(seller);
        var (product, photo) = (created.GetProperty("id").GetGuid(), created.GetProperty("images")[0].GetProperty("id").GetGuid());
        var removedAt = Timestamps.Now(app.Clock);
        var removal = await ReportAsync(buyer, "product", product);
        (await RemoveAsync(removal)).EnsureSuccessStatusCode();
        Assert.Equal(removedAt + new ModerationOptions().AppealWindow, await _shop.ReleasedAtAsync(photo));

        (await AppealAsync(seller, removal)).EnsureSuccessStatusCode();
        Assert.Null(await _shop.ReleasedAtAsync(photo));
        (await DecideAsync(removal, "upheld")).EnsureSuccessStatusCode();
        Assert.Equal(Timestamps.Now(app.Clock), await _shop.ReleasedAtAsync(photo));
        await (await _shop.GetAsync($"/api/v1/products/{product}", buyer)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
