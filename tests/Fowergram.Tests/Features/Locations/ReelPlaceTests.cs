using System.Net;
using Fowergram.Platform.Moderation;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Locations;

/// <summary>Places on reels (migration 0148): a reel's location, set and cleared; a place's reels tab; search counting reels.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReelPlaceTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private static string Place(string what) => $"Place {Guid.NewGuid():N} {what}";

    private async Task<Guid> ReelAtAsync(TestUser author, string? location)
    {
        var slot = await _reels.VideoAsync(author);
        var reel = await (await _reels.CreateAsync(author, new { uploadId = slot.UploadId, durationSeconds = 10, location })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(location?.Trim(), reel.TryGetProperty("location", out var at) ? at.GetString() : null);
        return reel.GetProperty("id").GetGuid();
    }

    private async Task<List<Guid>> ReelsAtAsync(string place, TestUser? viewer)
    {
        var page = await (await _reels.GetAsync($"/api/v1/locations/reels?name={Uri.EscapeDataString(place)}", viewer)).ReadJsonAsync();
        Assert.Equal(place, page.GetProperty("name").GetString());
        return page.GetProperty("reels").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
    }

    [Fact]
    public async Task A_reel_limited_while_in_review_leaves_its_places_reels_tab_but_its_author_s_until_the_reports_are_closed()
    {
        var place = Place("Reported");
        var (author, stranger) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reel = await ReelAtAsync(author, place);
        var reports = await ReviewLimitTests.ReportAsync(_reels.Posts, "reel", reel, ReviewLimit.Reports);

        Assert.Empty(await ReelsAtAsync(place, stranger));
        Assert.Empty(await ReelsAtAsync(place, null));
        Assert.Equal([reel], await ReelsAtAsync(place, author));
        Assert.Equal(0, await ReelsFoundAsync(place)); // nor suggested by place search, nor counted there

        await ReviewLimitTests.DismissAsync(_reels.Posts, reports);
        Assert.Equal([reel], await ReelsAtAsync(place, stranger));
        Assert.Equal(1, await ReelsFoundAsync(place));
    }

    private async Task<long> ReelsFoundAsync(string place) =>
        (await (await app.Client.GetAsync($"/api/v1/locations/search?q={Uri.EscapeDataString(place)}", (string?)null)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("reelCount").GetInt64());

    [Fact]
    public async Task A_places_reels_tab_shows_the_reels_there_the_caller_may_see()
    {
        var place = Place("Pier");
        var (open, closed) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(isPrivate: true));
        var (follower, stranger, blocked) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await _reels.Posts.FollowAsync(follower, closed);
        await _reels.Posts.BlockAsync(open, blocked);
        var openReel = await ReelAtAsync(open, $"  {place} ");
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var closedReel = await ReelAtAsync(closed, place.ToUpperInvariant());
        var deleted = await ReelAtAsync(open, place);
        Assert.Equal(HttpStatusCode.NoContent, (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{deleted}", open)).StatusCode);
        await ReelAtAsync(open, place + " East");

        Assert.Equal([openReel], await ReelsAtAsync(place, stranger));
        Assert.Equal([openReel], await ReelsAtAsync(place.ToLowerInvariant(), null));
        Assert.Equal([closedReel, openReel], await ReelsAtAsync(place, follower));
        Assert.Empty(await ReelsAtAsync(place, blocked));
        Assert.Empty(await ReelsAtAsync(Place("Nowhere"), stranger));
        // The posts tab is the posts': a reel never shows there.
        var posts = await (await _reels.GetAsync($"/api/v1/locations/posts?name={Uri.EscapeDataString(place)}", follower)).ReadJsonAsync();
        Assert.Empty(posts.GetProperty("posts").GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_author_sets_and_clears_a_reels_place_and_a_bad_one_changes_nothing()
    {
        var author = await _reels.NewUserAsync();
        var place = Place("Market");
        var reel = await ReelAtAsync(author, null);

        var set = await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reel}", author, new { location = place })).ReadJsonAsync();
        Assert.Equal(place, set.GetProperty("location").GetString());
        Assert.Equal([reel], await ReelsAtAsync(place, author));
        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reel}", author, new { location = new string('x', 101) }))
            .AssertValidationErrorAsync("location");
        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reel}", author, new { location = 5 })).AssertValidationErrorAsync("location");
        Assert.Equal([reel], await ReelsAtAsync(place, author));
        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reel}", await _reels.NewUserAsync(), new { location = "Elsewhere" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        var cleared = await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reel}", author, new { location = (string?)null })).ReadJsonAsync();
        Assert.False(cleared.TryGetProperty("location", out _));
        Assert.Empty(await ReelsAtAsync(place, author));

        var slot = await _reels.VideoAsync(author);
        await (await _reels.CreateAsync(author, new { uploadId = slot.UploadId, durationSeconds = 10, location = new string('y', 101) }))
            .AssertValidationErrorAsync("location");
    }

    [Fact]
    public async Task Search_finds_a_place_named_only_on_reels_and_counts_posts_and_reels_of_public_accounts()
    {
        var stem = "zr" + Guid.NewGuid().ToString("N")[..8];
        var (open, closed) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(isPrivate: true));
        await ReelAtAsync(open, $"{stem} Harbour");
        await ReelAtAsync(open, $"{stem} HARBOUR");
        await ReelAtAsync(closed, $"{stem} Harbour");
        var media = new[] { new { uploadId = (await _reels.Posts.UploadAsync(open)).UploadId } };
        await (await _reels.Posts.SendAsync(HttpMethod.Post, "/api/v1/posts", open, new { media, location = $"{stem} Harbour" })).ReadJsonAsync(HttpStatusCode.Created);
        await ReelAtAsync(closed, $"{stem} Secret Garden");

        var found = (await (await app.Client.GetAsync($"/api/v1/locations/search?q={stem}", (string?)null)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().ToList();
        var harbour = Assert.Single(found);
        Assert.Equal((1L, 2L), (harbour.GetProperty("postCount").GetInt64(), harbour.GetProperty("reelCount").GetInt64()));
    }

    /// <summary>
    /// A trial reel is not shown to its author's followers (docs/reels.md "Trial reels"), so place search neither counts it for
    /// them nor suggests a place only it names: until 2026-12-07 it did, telling a follower of a reel its tab then left out.
    /// </summary>
    [Fact]
    public async Task Place_search_leaves_out_a_trial_reel_for_the_authors_followers_as_its_reels_tab_does()
    {
        var place = Place("Trial pier");
        var (author, follower, stranger) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await _reels.Posts.FollowAsync(follower, author);
        var slot = await _reels.VideoAsync(author);
        var trial = (await (await _reels.CreateAsync(author, new { uploadId = slot.UploadId, durationSeconds = 10, trial = true, location = place }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        Assert.Equal([trial], await ReelsAtAsync(place, stranger));
        Assert.Empty(await ReelsAtAsync(place, follower));
        Assert.Equal(1, await ReelsFoundAsync(place, stranger));
        Assert.Equal(1, await ReelsFoundAsync(place, author));
        Assert.Equal(0, await ReelsFoundAsync(place, follower));
    }

    private async Task<long> ReelsFoundAsync(string place, TestUser viewer) =>
        (await (await _reels.GetAsync($"/api/v1/locations/search?q={Uri.EscapeDataString(place)}", viewer)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("reelCount").GetInt64());

    [Theory]
    [InlineData("/api/v1/locations/reels", "name")]
    [InlineData("/api/v1/locations/reels?name=%20", "name")]
    [InlineData("/api/v1/locations/reels?name=x&limit=0", "limit")]
    [InlineData("/api/v1/locations/reels?name=x&cursor=nope", "cursor")]
    public async Task Bad_parameters_are_400s_naming_them(string url, string field) =>
        await (await app.Client.GetAsync(url, (string?)null)).AssertValidationErrorAsync(field);
}
