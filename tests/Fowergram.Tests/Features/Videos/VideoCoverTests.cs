using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// Cover pictures (migration 0096): a video's thumbnail and a series' cover come from 'cover' uploads, are served only through
/// the video's or series' read, and the upload a picture stops using is released for media-cleanup.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VideoCoverTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    private async Task<Guid> CoverUploadAsync(TestUser user, string purpose = "cover") =>
        (await _videos.Posts.UploadAsync(user, MediaSamples.Jpeg(), purpose: purpose)).UploadId;

    private Task<HttpResponseMessage> SetAsync(string path, TestUser? user, Guid uploadId) =>
        _videos.SendAsync(HttpMethod.Put, path, user, new { uploadId });

    private async Task<(string? Status, bool Released)> UploadStateAsync(Guid id) =>
        (await _videos.Posts.QueryAsync<(string?, bool)>("SELECT status, released_at IS NOT NULL FROM uploads WHERE id = @id", new { id })).Single();

    private static JsonElement? Picture(JsonElement view, string name) =>
        view.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Object ? p : null;

    [Fact]
    public async Task A_videos_thumbnail_is_served_to_its_readers_and_a_replaced_or_removed_one_is_released()
    {
        var owner = await _videos.NewUserAsync();
        var video = await _videos.VideoIdAsync(owner);
        var (first, second) = (await CoverUploadAsync(owner), await CoverUploadAsync(owner));

        var set = await (await SetAsync($"/api/v1/videos/{video}/thumbnail", owner, first)).ReadJsonAsync();

        var thumbnail = Picture(set, "thumbnail")!.Value;
        Assert.Equal("image/jpeg", thumbnail.GetProperty("contentType").GetString());
        var read = await app.Client.GetAsync(thumbnail.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("image/jpeg", read.Content.Headers.ContentType?.MediaType);
        var asGuest = await (await _videos.GetAsync($"/api/v1/videos/{video}", null)).ReadJsonAsync();
        Assert.NotNull(Picture(asGuest, "thumbnail"));

        await (await SetAsync($"/api/v1/videos/{video}/thumbnail", owner, second)).ReadJsonAsync();
        Assert.Equal(("used", true), await UploadStateAsync(first));
        Assert.Equal(("used", false), await UploadStateAsync(second));

        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{video}/thumbnail", owner)).EnsureNoContentAsync();
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{video}/thumbnail", owner)).EnsureNoContentAsync();
        Assert.Null(Picture(await (await _videos.GetAsync($"/api/v1/videos/{video}", owner)).ReadJsonAsync(), "thumbnail"));
        Assert.Equal(("used", true), await UploadStateAsync(second));
    }

    [Fact]
    public async Task A_series_cover_shows_on_the_series_and_in_the_owners_list_and_leaves_with_the_series()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var video = await _videos.VideoIdAsync(owner, seriesId: series);
        var (cover, thumbnail) = (await CoverUploadAsync(owner), await CoverUploadAsync(owner));

        var set = await (await SetAsync($"/api/v1/series/{series}/cover", owner, cover)).ReadJsonAsync();
        await (await SetAsync($"/api/v1/videos/{video}/thumbnail", owner, thumbnail)).ReadJsonAsync();

        Assert.NotNull(Picture(set, "cover"));
        var page = await (await _videos.GetAsync($"/api/v1/series/{series}", null)).ReadJsonAsync();
        Assert.NotNull(Picture(page.GetProperty("series"), "cover"));
        Assert.NotNull(Picture(page.GetProperty("videos").GetProperty("items")[0], "thumbnail"));
        var list = await (await _videos.GetAsync($"/api/v1/users/{owner.Username}/series", null)).ReadJsonAsync();
        Assert.NotNull(Picture(list.GetProperty("items")[0], "cover"));

        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/series/{series}", owner)).EnsureNoContentAsync();
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{video}", owner)).EnsureNoContentAsync();
        Assert.Equal(("used", true), await UploadStateAsync(cover));
        Assert.Equal(("used", true), await UploadStateAsync(thumbnail));
    }

    [Fact]
    public async Task Covers_go_only_on_own_live_videos_and_series_from_own_cover_uploads_and_a_refusal_claims_nothing()
    {
        var owner = await _videos.NewUserAsync();
        var other = await _videos.NewUserAsync();
        var (video, series) = (await _videos.VideoIdAsync(owner), await _videos.SeriesIdAsync(owner));
        var othersVideo = await _videos.VideoIdAsync(other);
        var mine = await CoverUploadAsync(owner);
        var theirs = await CoverUploadAsync(other);
        var postPurpose = await CoverUploadAsync(owner, "post");

        await (await SetAsync($"/api/v1/videos/{othersVideo}/thumbnail", owner, mine)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SetAsync($"/api/v1/series/{series}/cover", other, theirs)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SetAsync($"/api/v1/videos/{video}/thumbnail", owner, theirs)).AssertProblemAsync(HttpStatusCode.NotFound);
        var wrongPurpose = await SetAsync($"/api/v1/videos/{video}/thumbnail", owner, postPurpose);
        Assert.True(wrongPurpose.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity,
            $"{wrongPurpose.StatusCode}");
        await (await _videos.SendAsync(HttpMethod.Put, $"/api/v1/videos/{video}/thumbnail", owner, new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await SetAsync($"/api/v1/videos/not-an-id/thumbnail", owner, mine)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SetAsync($"/api/v1/series/{Guid.NewGuid()}/cover", owner, mine)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SetAsync($"/api/v1/videos/{video}/thumbnail", null, mine)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/series/{series}/cover", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{video}", owner)).EnsureNoContentAsync();
        await (await SetAsync($"/api/v1/videos/{video}/thumbnail", owner, mine)).AssertProblemAsync(HttpStatusCode.NotFound);

        foreach (var upload in new[] { mine, theirs, postPurpose })
            Assert.Equal(("pending", false), await UploadStateAsync(upload));
        // A cover slot takes pictures only.
        var videoSlot = await _videos.Posts.Media.RequestSlotAsync(owner, new { purpose = "cover", contentType = "video/mp4", size = 1000 });
        await videoSlot.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
