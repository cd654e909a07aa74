using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// Video and series writes answer with what they wrote. Read after the commit, a deletion or purge committed in between left
/// nothing to read: a 404 for a write that stood (and a client retrying a create made a second video). The read is now made
/// inside the write's transaction. The interleaving is forced by <see cref="CommitTrigger"/>: the deletion lands with the
/// write's own commit, just before the old read.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VideoPostCommitReadTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    private const string SoftDelete = "UPDATE igtv_videos SET deleted_at = now() WHERE id = NEW.id";

    private static Task<HttpResponseMessage> WithAtCommitAsync(TestUser owner, string change, Func<Task<HttpResponseMessage>> write) =>
        CommitTrigger.WithAsync("igtv_videos", $"NEW.user_id = '{owner.Id}' AND NEW.deleted_at IS NULL", change, write);

    [Theory]
    [InlineData(SoftDelete)]
    [InlineData("DELETE FROM igtv_videos WHERE id = NEW.id")]
    public async Task A_create_whose_video_goes_with_the_commit_still_answers_the_video_it_wrote(string change)
    {
        var owner = await _videos.NewUserAsync();
        var slot = await _videos.UploadAsync(owner);

        var response = await WithAtCommitAsync(owner, change,
            () => _videos.CreateAsync(owner, new { uploadId = slot.UploadId, title = "Pilot", durationSeconds = 600, published = true }));

        var video = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Pilot", video.GetProperty("title").GetString());
        Assert.Equal(owner.Id, video.GetProperty("author").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_edit_whose_video_is_deleted_with_the_commit_still_answers_what_it_wrote()
    {
        var owner = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner, "Before");

        var response = await WithAtCommitAsync(owner, SoftDelete,
            () => _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{videoId}", owner, new { title = "After" }));

        var video = await response.ReadJsonAsync();
        Assert.Equal(videoId, video.GetProperty("id").GetGuid());
        Assert.Equal("After", video.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Publishing_a_draft_deleted_with_the_commit_still_answers_the_published_video()
    {
        var owner = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner, "Draft", published: false);

        var response = await WithAtCommitAsync(owner, SoftDelete,
            () => _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{videoId}/publish", owner));

        var video = await response.ReadJsonAsync();
        Assert.Equal(videoId, video.GetProperty("id").GetGuid());
        Assert.True(video.GetProperty("isPublished").GetBoolean());
    }

    [Fact]
    public async Task A_restore_whose_video_is_deleted_again_with_the_commit_still_answers_the_restored_video()
    {
        var owner = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner, "Back");
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{videoId}", owner)).EnsureNoContentAsync();

        var response = await WithAtCommitAsync(owner, SoftDelete,
            () => _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{videoId}/restore", owner));

        var video = await response.ReadJsonAsync();
        Assert.Equal(videoId, video.GetProperty("id").GetGuid());
        Assert.Equal("Back", video.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_series_created_and_deleted_with_the_commit_is_still_answered()
    {
        var owner = await _videos.NewUserAsync();

        var response = await CommitTrigger.WithAsync("igtv_series", $"NEW.user_id = '{owner.Id}'", "DELETE FROM igtv_series WHERE id = NEW.id",
            () => _videos.SendAsync(HttpMethod.Post, "/api/v1/series", owner, new { title = "Season two", description = "More" }));

        var series = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Season two", series.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_series_edit_whose_series_is_deleted_with_the_commit_still_answers_what_it_wrote()
    {
        var owner = await _videos.NewUserAsync();
        var seriesId = await _videos.SeriesIdAsync(owner);

        var response = await CommitTrigger.WithAsync("igtv_series", $"NEW.id = '{seriesId}'", "DELETE FROM igtv_series WHERE id = NEW.id",
            () => _videos.SendAsync(HttpMethod.Patch, $"/api/v1/series/{seriesId}", owner, new { title = "Renamed" }));

        var series = await response.ReadJsonAsync();
        Assert.Equal(seriesId, series.GetProperty("id").GetGuid());
        Assert.Equal("Renamed", series.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_reorder_whose_series_is_deleted_with_the_commit_still_answers_the_new_order()
    {
        var owner = await _videos.NewUserAsync();
        var seriesId = await _videos.SeriesIdAsync(owner);
        var (first, second) = (await _videos.VideoIdAsync(owner, "One", seriesId: seriesId), await _videos.VideoIdAsync(owner, "Two", seriesId: seriesId));

        var response = await CommitTrigger.WithAsync("igtv_series", $"NEW.id = '{seriesId}'", "DELETE FROM igtv_series WHERE id = NEW.id",
            () => _videos.SendAsync(HttpMethod.Put, $"/api/v1/series/{seriesId}/order", owner, new { videoIds = new[] { second, first } }));

        var series = await response.ReadJsonAsync();
        Assert.Equal(seriesId, series.GetProperty("series").GetProperty("id").GetGuid());
        Assert.Equal([second, first], VideosClient.Ids(series.GetProperty("videos")));
    }
}
