using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Media;

/// <summary>
/// Setting a cover (CoverPictures: a reel's cover, a video's thumbnail, a series' cover) answers with the row as it was
/// written, read in the setting transaction. Read after the commit, a deletion committed in between left nothing to read: a
/// 404 for a cover that was set and its upload claimed, so a client retrying claimed another. The deletion lands with the
/// write's own commit (<see cref="CommitTrigger"/>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CoverPostCommitReadTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    private async Task<Guid> CoverUploadAsync(TestUser user) =>
        (await _videos.Posts.UploadAsync(user, MediaSamples.Jpeg(), purpose: "cover")).UploadId;

    private Task<HttpResponseMessage> SetAsync(string path, TestUser user, Guid uploadId) =>
        _videos.SendAsync(HttpMethod.Put, path, user, new { uploadId });

    private static bool HasPicture(JsonElement view, string name) => view.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Object;

    [Fact]
    public async Task A_reel_deleted_with_its_covers_commit_still_answers_the_reel_with_its_cover()
    {
        var reels = new ReelsClient(app);
        var author = await reels.NewUserAsync();
        var reelId = await reels.ReelIdAsync(author, "covered");
        var upload = await CoverUploadAsync(author);

        var response = await CommitTrigger.WithAsync("reels", $"NEW.id = '{reelId}' AND NEW.deleted_at IS NULL",
            "UPDATE reels SET deleted_at = now() WHERE id = NEW.id", () => SetAsync($"/api/v1/reels/{reelId}/cover", author, upload));

        var reel = await response.ReadJsonAsync();
        Assert.Equal(reelId, reel.GetProperty("id").GetGuid());
        Assert.True(HasPicture(reel, "cover"));
    }

    [Fact]
    public async Task A_video_deleted_with_its_thumbnails_commit_still_answers_the_video_with_its_thumbnail()
    {
        var owner = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner, "Thumbnailed");
        var upload = await CoverUploadAsync(owner);

        var response = await CommitTrigger.WithAsync("igtv_videos", $"NEW.id = '{videoId}' AND NEW.deleted_at IS NULL",
            "UPDATE igtv_videos SET deleted_at = now() WHERE id = NEW.id", () => SetAsync($"/api/v1/videos/{videoId}/thumbnail", owner, upload));

        var video = await response.ReadJsonAsync();
        Assert.Equal(videoId, video.GetProperty("id").GetGuid());
        Assert.True(HasPicture(video, "thumbnail"));
    }

    [Fact]
    public async Task A_series_deleted_with_its_covers_commit_still_answers_the_series_with_its_cover()
    {
        var owner = await _videos.NewUserAsync();
        var seriesId = await _videos.SeriesIdAsync(owner);
        var upload = await CoverUploadAsync(owner);

        var response = await CommitTrigger.WithAsync("igtv_series", $"NEW.id = '{seriesId}'", "DELETE FROM igtv_series WHERE id = NEW.id",
            () => SetAsync($"/api/v1/series/{seriesId}/cover", owner, upload));

        var series = await response.ReadJsonAsync();
        Assert.Equal(seriesId, series.GetProperty("id").GetGuid());
        Assert.True(HasPicture(series, "cover"));
    }
}
