using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>Series: counts by what the caller may see, episode order, edits, and deletion that keeps the videos.</summary>
[Collection(ApiCollection.Name)]
public sealed class SeriesTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    [Fact]
    public async Task A_users_series_list_counts_the_videos_the_caller_may_see()
    {
        var owner = await _videos.NewUserAsync();
        var older = await _videos.SeriesIdAsync(owner, "Older");
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var newer = await _videos.SeriesIdAsync(owner, "Newer");
        await _videos.VideoIdAsync(owner, seriesId: newer);
        await _videos.VideoIdAsync(owner, seriesId: newer, published: false);
        var gone = await _videos.VideoIdAsync(owner, seriesId: newer);
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{gone}", owner)).EnsureNoContentAsync();
        var stranger = await _videos.NewUserAsync();

        var forOwner = await (await _videos.GetAsync("/api/v1/users/me/series", owner)).ReadJsonAsync();
        var forStranger = await (await _videos.GetAsync($"/api/v1/users/{owner.Username}/series", stranger)).ReadJsonAsync();

        Assert.Equal([newer, older], VideosClient.Ids(forOwner));
        Assert.Equal([2, 0], forOwner.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("videoCount").GetInt32()));
        Assert.Equal([1, 0], forStranger.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("videoCount").GetInt32()));
        var page = await (await _videos.GetAsync($"/api/v1/users/{owner.Username}/series?limit=1", null)).ReadJsonAsync();
        var rest = await (await _videos.GetAsync($"/api/v1/users/{owner.Username}/series?limit=1&cursor={page.GetProperty("nextCursor").GetString()}", null))
            .ReadJsonAsync();
        Assert.Equal([newer, older], VideosClient.Ids(page).Concat(VideosClient.Ids(rest)));
    }

    [Fact]
    public async Task A_series_reads_its_published_videos_oldest_first_in_pages()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner, "Season");
        var episodes = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            episodes.Add(await _videos.VideoIdAsync(owner, $"Episode {i + 1}", seriesId: series));
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        await _videos.VideoIdAsync(owner, "Unfinished", published: false, seriesId: series);
        await _videos.VideoIdAsync(owner, "Elsewhere");

        var first = await (await _videos.GetAsync($"/api/v1/series/{series}?limit=2", null)).ReadJsonAsync();
        var cursor = first.GetProperty("videos").GetProperty("nextCursor").GetString();
        var second = await (await _videos.GetAsync($"/api/v1/series/{series}?limit=2&cursor={cursor}", null)).ReadJsonAsync();

        Assert.Equal(("Season", 3), (first.GetProperty("series").GetProperty("title").GetString(), first.GetProperty("series").GetProperty("videoCount").GetInt32()));
        Assert.Equal(episodes, VideosClient.Ids(first.GetProperty("videos")).Concat(VideosClient.Ids(second.GetProperty("videos"))));
    }

    [Fact]
    public async Task Editing_a_series_merges_its_fields_and_deleting_it_keeps_its_videos_outside_any_series()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner, "Draft name");
        var video = await _videos.VideoIdAsync(owner, seriesId: series);

        var edited = await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/series/{series}", owner, new { title = "Final name" })).ReadJsonAsync();
        Assert.Equal(("Final name", "All of it"), (edited.GetProperty("title").GetString(), edited.GetProperty("description").GetString()));
        var cleared = await (await _videos.Posts.SendRawAsync(HttpMethod.Patch, $"/api/v1/series/{series}", owner, """{"description":null}""")).ReadJsonAsync();
        Assert.Equal("", cleared.GetProperty("description").GetString());

        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/series/{series}", owner)).EnsureNoContentAsync();

        await (await _videos.GetAsync($"/api/v1/series/{series}", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        var kept = await (await _videos.GetAsync($"/api/v1/videos/{video}", null)).ReadJsonAsync();
        Assert.False(kept.TryGetProperty("series", out var s) && s.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.Equal([video], VideosClient.Ids(await (await _videos.GetAsync($"/api/v1/users/{owner.Username}/videos", null)).ReadJsonAsync()));
        Assert.Empty(VideosClient.Ids(await (await _videos.GetAsync("/api/v1/users/me/series", owner)).ReadJsonAsync()));
    }

    [Fact]
    public async Task A_series_holds_only_its_owners_videos()
    {
        var owner = await _videos.NewUserAsync();
        var other = await _videos.NewUserAsync();
        var ownersSeries = await _videos.SeriesIdAsync(owner);
        var othersVideo = await _videos.VideoIdAsync(other);
        var ownersVideo = await _videos.VideoIdAsync(owner);

        // Neither someone else's video into one's own series, nor one's own video into someone else's series.
        await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{othersVideo}", owner, new { seriesId = ownersSeries }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{ownersVideo}", other, new { seriesId = ownersSeries }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        var othersSeries = await _videos.SeriesIdAsync(other);
        await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{ownersVideo}", owner, new { seriesId = othersSeries }))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(0L, await _videos.Posts.ScalarAsync<long>("SELECT count(*) FROM igtv_videos WHERE series_id IS NOT NULL AND id = ANY(@ids)",
            new { ids = new[] { othersVideo, ownersVideo } }));
        Assert.Empty(VideosClient.Ids((await (await _videos.GetAsync($"/api/v1/series/{ownersSeries}", owner)).ReadJsonAsync()).GetProperty("videos")));
    }
}
