using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// A hashtag's reels (reel_hashtags, migration 0085): the caption's tags are kept on create and edit, and
/// GET /hashtags/{name}/reels lists the reels the caller may see, newest first.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelHashtagTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private static string Tag() => "reeltag" + Guid.NewGuid().ToString("N")[..10];

    private async Task<List<Guid>> ReelsOfAsync(string name, TestUser? user, string query = "") =>
        Videos.VideosClient.Ids(await (await _reels.GetAsync($"/api/v1/hashtags/{name}/reels{query}", user)).ReadJsonAsync());

    [Fact]
    public async Task A_captions_tags_list_the_reel_newest_first_and_an_edit_moves_it()
    {
        var author = await _reels.NewUserAsync();
        var (beach, travel) = (Tag(), Tag());
        var older = await _reels.ReelIdAsync(author, $"Sunset #{beach}");
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var newer = await _reels.ReelIdAsync(author, $"Waves #{beach.ToUpperInvariant()} and #{travel}");

        var page = await (await _reels.GetAsync($"/api/v1/hashtags/{beach}/reels?limit=1", null)).ReadJsonAsync();
        Assert.Equal([newer], Videos.VideosClient.Ids(page));
        Assert.Equal([older], await ReelsOfAsync(beach, null, $"?cursor={page.GetProperty("nextCursor").GetString()}"));
        Assert.Equal([newer], await ReelsOfAsync($"%23{travel}", author));

        var edited = await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{newer}", author, new { caption = $"Only #{travel} now" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal([older], await ReelsOfAsync(beach, null));
        Assert.Equal([newer], await ReelsOfAsync(travel, null));
        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{newer}", author, new { caption = (string?)null })).ReadJsonAsync();
        // Its last use edited out, the tag reads as an unknown one (docs/visibility.md "Hashtags"), not as an empty page.
        await (await _reels.GetAsync($"/api/v1/hashtags/{travel}/reels", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<Guid> ReelAsync(TestUser author, string tag)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return await _reels.ReelIdAsync(author, $"#{tag}");
    }

    [Fact]
    public async Task Only_reels_the_caller_may_see_are_listed()
    {
        var tag = Tag();
        var locked = await _reels.NewUserAsync(isPrivate: true);
        var follower = await _reels.NewUserAsync();
        await _reels.Posts.FollowAsync(follower, locked);
        var open = await _reels.NewUserAsync();
        var blocker = await _reels.NewUserAsync();
        var stranger = await _reels.NewUserAsync();
        var privateReel = await ReelAsync(locked, tag);
        var openReel = await ReelAsync(open, tag);
        var blockersReel = await ReelAsync(blocker, tag);
        var deleted = await ReelAsync(open, tag);
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{deleted}", open)).EnsureNoContentAsync();
        await _reels.Posts.BlockAsync(blocker, stranger);

        Assert.Equal([openReel], await ReelsOfAsync(tag, stranger)); // the blocker's reel is hidden from the one blocked
        Assert.Equal([blockersReel, openReel, privateReel], await ReelsOfAsync(tag, follower));
        Assert.Equal([blockersReel, openReel], await ReelsOfAsync(tag, null));
    }

    [Fact]
    public async Task An_unknown_or_malformed_hashtag_is_a_404_and_a_bad_page_a_400()
    {
        await (await _reels.GetAsync($"/api/v1/hashtags/{Tag()}/reels", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.GetAsync("/api/v1/hashtags/not%20a%20tag/reels", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        var tag = Tag();
        await _reels.ReelIdAsync(await _reels.NewUserAsync(), $"#{tag}");
        await (await _reels.GetAsync($"/api/v1/hashtags/{tag}/reels?limit=0", null)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
