using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Collections;

/// <summary>
/// A collection's cover is a preview of a post: it must never show one the owner can no longer see, whichever way the post
/// became hidden (deleted, archived, a block either way, its author gone private). The chosen cover then gives way to the
/// newest visible post of the collection, or to no cover when none is left; it comes back when the post is visible again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CollectionCoverTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    public static TheoryData<Hiding> Hidings => new(Enum.GetValues<Hiding>());

    private async Task<Guid> NewCollectionAsync(TestUser owner) =>
        (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/collections", owner, new { name = "Covers " + Guid.NewGuid().ToString("N")[..6] }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task AddAsync(TestUser owner, Guid collection, Guid postId)
    {
        app.Clock.Advance(TimeSpan.FromSeconds(1)); // added_at orders the fallback
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/collections/{collection}/posts/{postId}", owner)).EnsureNoContentAsync();
    }

    private static Guid? CoverOf(JsonElement collection) =>
        collection.TryGetProperty("cover", out var cover) && cover.ValueKind == JsonValueKind.Object ? cover.GetProperty("id").GetGuid() : null;

    /// <summary>The cover as every read shows it: the collection, its place in the owner's list, and the answer to an edit.</summary>
    private async Task<(Guid? One, Guid? Listed, Guid? Edited)> CoversAsync(TestUser owner, Guid collection)
    {
        var one = await (await _posts.GetAsync($"/api/v1/collections/{collection}", owner)).ReadJsonAsync();
        var listed = (await (await _posts.GetAsync("/api/v1/collections?limit=50", owner)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("id").GetGuid() == collection);
        var edited = await (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/collections/{collection}", owner, new { description = "edited" }))
            .ReadJsonAsync();
        return (CoverOf(one), CoverOf(listed), CoverOf(edited));
    }

    [Theory]
    [MemberData(nameof(Hidings))]
    public async Task A_chosen_cover_the_owner_can_no_longer_see_gives_way_to_the_newest_visible_post(Hiding hiding)
    {
        var (owner, author, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var older = await _posts.PostIdAsync(other);
        var newer = await _posts.PostIdAsync(other);
        var chosen = await _posts.PostIdAsync(author);
        var collection = await NewCollectionAsync(owner);
        await AddAsync(owner, collection, older);
        await AddAsync(owner, collection, chosen);
        await AddAsync(owner, collection, newer);
        (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/collections/{collection}", owner, new { coverPostId = chosen })).EnsureSuccessStatusCode();
        Assert.Equal((chosen, chosen, chosen), await CoversAsync(owner, collection));

        await _posts.HideAsync(hiding, author, owner, chosen);

        Assert.Equal((newer, newer, newer), await CoversAsync(owner, collection));
        Assert.Equal(chosen, await _posts.ScalarAsync<Guid?>("SELECT cover_post_id FROM collections WHERE id = @collection", new { collection }));
    }

    [Theory]
    [MemberData(nameof(Hidings))]
    public async Task A_collection_whose_only_post_is_hidden_from_its_owner_has_no_cover(Hiding hiding)
    {
        var (owner, author) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var only = await _posts.PostIdAsync(author);
        var collection = await NewCollectionAsync(owner);
        await AddAsync(owner, collection, only);
        Assert.Equal((only, only, only), await CoversAsync(owner, collection));

        await _posts.HideAsync(hiding, author, owner, only);

        Assert.Equal(((Guid?)null, (Guid?)null, (Guid?)null), await CoversAsync(owner, collection));
        var view = await (await _posts.GetAsync($"/api/v1/collections/{collection}", owner)).ReadJsonAsync();
        Assert.Equal(0, view.GetProperty("postCount").GetInt32());
    }

    [Fact]
    public async Task A_hidden_post_cannot_be_chosen_as_the_cover_and_its_card_never_shows()
    {
        var (owner, author, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var visible = await _posts.PostIdAsync(other);
        var hidden = await _posts.PostIdAsync(author);
        var collection = await NewCollectionAsync(owner);
        await AddAsync(owner, collection, hidden);
        await AddAsync(owner, collection, visible);
        await _posts.BlockAsync(author, owner);

        // Chosen after it was hidden: the choice stands (the owner may pick again once it is visible), the cover does not show it.
        var edited = await (await _posts.SendAsync(HttpMethod.Patch, $"/api/v1/collections/{collection}", owner, new { coverPostId = hidden })).ReadJsonAsync();
        Assert.Equal(visible, CoverOf(edited));
        Assert.DoesNotContain(hidden.ToString(), edited.ToString());
    }
}
