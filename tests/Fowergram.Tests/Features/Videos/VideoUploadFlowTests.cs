using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>Slot → PUT an MP4 → create the video → read URL, and every way an upload or series reference is refused (nothing written).</summary>
[Collection(ApiCollection.Name)]
public sealed class VideoUploadFlowTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    private Task<long> VideosOfAsync(TestUser user) =>
        _videos.Posts.ScalarAsync<long>("SELECT count(*) FROM igtv_videos WHERE user_id = @id", new { id = user.Id });

    [Fact]
    public async Task Uploaded_video_becomes_a_long_form_video_whose_read_url_serves_it()
    {
        var user = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(user);
        var bytes = MediaSamples.Mp4(6000, durationSeconds: 1800);
        var (slot, _) = await _videos.Posts.Media.UploadedAsync(user, "video", "video/mp4", bytes);

        var created = await _videos.CreateAsync(user, new
        {
            uploadId = slot.UploadId, title = "  Making of  ", description = "Behind the scenes", durationSeconds = 1800, seriesId = series,
            published = true,
        });
        var video = await created.ReadJsonAsync(HttpStatusCode.Created);

        var id = video.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/videos/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("Making of", "Behind the scenes", 1800), (video.GetProperty("title").GetString(),
            video.GetProperty("description").GetString(), video.GetProperty("durationSeconds").GetInt32()));
        Assert.True(video.GetProperty("isPublished").GetBoolean());
        Assert.Equal(series, video.GetProperty("series").GetProperty("id").GetGuid());
        Assert.Equal(0, video.GetProperty("viewCount").GetInt32());
        var read = await app.Client.GetAsync(video.GetProperty("video").GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("video/mp4", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await read.Content.ReadAsByteArrayAsync());
        Assert.Equal("used", await _videos.Posts.Media.StatusInDatabaseAsync(slot.UploadId));
        // One transaction, one frozen instant: the two events are compared as a set.
        Assert.Equal(["igtv_video.created", "igtv_video.published"], (await _videos.EventsAsync(id)).Select(e => e.Type).Order());
    }

    /// <summary>The hour limit holds for the file's own length; what the file says is what the video records.</summary>
    [Fact]
    public async Task The_files_own_length_is_recorded_and_must_be_within_the_hour()
    {
        var user = await _videos.NewUserAsync();
        var tooLong = await _videos.UploadAsync(user, durationSeconds: 3_700);
        var fine = await _videos.UploadAsync(user, durationSeconds: 95);

        await (await _videos.CreateAsync(user, new { uploadId = tooLong.UploadId, title = "t", durationSeconds = 600 })).AssertValidationErrorAsync("durationSeconds");
        var created = await (await _videos.CreateAsync(user, new { uploadId = fine.UploadId, title = "t", durationSeconds = 600 }))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("pending", await _videos.Posts.Media.StatusInDatabaseAsync(tooLong.UploadId));
        Assert.Equal(95, created.GetProperty("durationSeconds").GetInt32());
    }

    [Fact]
    public async Task A_reel_purpose_upload_is_a_409_naming_uploadId_and_stays_pending()
    {
        var user = await _videos.NewUserAsync();
        var slot = await _videos.UploadAsync(user, purpose: "reel");

        var problem = await (await _videos.CreateAsync(user, new { uploadId = slot.UploadId, title = "t", durationSeconds = 10 }))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.True(problem.GetProperty("errors").TryGetProperty("uploadId", out _));
        Assert.Equal("pending", await _videos.Posts.Media.StatusInDatabaseAsync(slot.UploadId));
        Assert.Equal(0L, await VideosOfAsync(user));
    }

    [Fact]
    public async Task Someone_elses_upload_or_series_is_a_404_and_nothing_is_claimed()
    {
        var owner = await _videos.NewUserAsync();
        var thief = await _videos.NewUserAsync();
        var slot = await _videos.UploadAsync(owner);
        var ownersSeries = await _videos.SeriesIdAsync(owner);
        var thiefsSlot = await _videos.UploadAsync(thief);

        await (await _videos.CreateAsync(thief, new { uploadId = slot.UploadId, title = "t", durationSeconds = 10 })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _videos.CreateAsync(thief, new { uploadId = thiefsSlot.UploadId, title = "t", durationSeconds = 10, seriesId = ownersSeries }))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("pending", await _videos.Posts.Media.StatusInDatabaseAsync(slot.UploadId));
        Assert.Equal("pending", await _videos.Posts.Media.StatusInDatabaseAsync(thiefsSlot.UploadId));
        Assert.Equal(0L, await VideosOfAsync(thief));
        await _videos.CreateVideoAsync(owner, seriesId: ownersSeries); // the owner's own flow is untouched
    }

    [Fact]
    public async Task Images_used_and_not_yet_uploaded_slots_are_refused_with_nothing_written()
    {
        var user = await _videos.NewUserAsync();
        await (await _videos.Posts.Media.RequestSlotAsync(user, new { purpose = "video", contentType = "image/jpeg", size = 2048 }))
            .AssertValidationErrorAsync("contentType");
        var disguised = (await _videos.Posts.Media.UploadedAsync(user, "video", "video/mp4", MediaSamples.Jpeg(4096))).Slot;
        await (await _videos.CreateAsync(user, new { uploadId = disguised.UploadId, title = "t", durationSeconds = 10 })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("rejected", await _videos.Posts.Media.StatusInDatabaseAsync(disguised.UploadId));

        var empty = await _videos.Posts.Media.CreateSlotAsync(user, "video", "video/mp4", 4096);
        await (await _videos.CreateAsync(user, new { uploadId = empty.UploadId, title = "t", durationSeconds = 10 })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("pending", await _videos.Posts.Media.StatusInDatabaseAsync(empty.UploadId));

        var id = await _videos.VideoIdAsync(user);
        var usedUpload = await _videos.Posts.ScalarAsync<Guid>("SELECT upload_id FROM igtv_videos WHERE id = @id", new { id });
        await (await _videos.CreateAsync(user, new { uploadId = usedUpload, title = "t", durationSeconds = 10 })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1L, await VideosOfAsync(user));
    }
}
