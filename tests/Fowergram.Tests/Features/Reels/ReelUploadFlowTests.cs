using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>Slot → PUT an MP4 → create the reel → read URL, and every way an upload reference is refused (nothing written).</summary>
[Collection(ApiCollection.Name)]
public sealed class ReelUploadFlowTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private Task<long> ReelsOfAsync(TestUser user) =>
        _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM reels WHERE user_id = @id", new { id = user.Id });

    [Fact]
    public async Task Uploaded_video_becomes_a_reel_whose_read_url_serves_it()
    {
        var user = await _reels.NewUserAsync();
        var audio = await _reels.AudioTrackAsync();
        var bytes = MediaSamples.Movie(MediaSamples.Ftyp("isom", "isom", "mp41"), 5000, durationSeconds: 42, width: 1280, height: 720, portrait: true);
        var (slot, _) = await _reels.Posts.Media.UploadedAsync(user, "reel", "video/mp4", bytes);

        var created = await _reels.CreateAsync(user, new
        {
            uploadId = slot.UploadId, caption = "Sunset run #beach", durationSeconds = 42, width = 720, height = 1280, audioTrackId = audio,
            likesDisabled = true,
        });
        var reel = await created.ReadJsonAsync(HttpStatusCode.Created);

        var id = reel.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/reels/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("Sunset run #beach", 42, 720, 1280), (reel.GetProperty("caption").GetString(), reel.GetProperty("durationSeconds").GetInt32(),
            reel.GetProperty("width").GetInt32(), reel.GetProperty("height").GetInt32()));
        Assert.Equal(audio, reel.GetProperty("audio").GetProperty("id").GetGuid());
        Assert.True(reel.GetProperty("likesDisabled").GetBoolean());
        Assert.Equal(0, reel.GetProperty("likeCount").GetInt32()); // the author still sees the count
        var video = reel.GetProperty("video");
        var read = await app.Client.GetAsync(video.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("video/mp4", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await read.Content.ReadAsByteArrayAsync());
        Assert.Equal("used", await _reels.Posts.Media.StatusInDatabaseAsync(slot.UploadId));

        var stranger = await _reels.NewUserAsync();
        var seen = await (await _reels.GetAsync($"/api/v1/reels/{id}", stranger)).ReadJsonAsync();
        Assert.False(seen.TryGetProperty("likeCount", out _)); // hidden from others
        Assert.Equal(1L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'reel.created' AND payload->>'reelId' = @key",
            new { key = id.ToString() }));
    }

    /// <summary>The three-minute limit holds for the file's own length, whatever the client declares; the upload stays usable.</summary>
    [Fact]
    public async Task A_video_longer_than_a_reel_may_be_is_a_400_naming_durationSeconds_and_stays_pending()
    {
        var user = await _reels.NewUserAsync();
        var slot = await _reels.VideoAsync(user, durationSeconds: 200);

        var response = await _reels.CreateAsync(user, new { uploadId = slot.UploadId, durationSeconds = 30 });

        await response.AssertValidationErrorAsync("durationSeconds");
        Assert.Equal("pending", await _reels.Posts.Media.StatusInDatabaseAsync(slot.UploadId));
        Assert.Equal(0L, await ReelsOfAsync(user));
    }

    [Fact]
    public async Task A_post_purpose_upload_is_a_409_naming_uploadId_and_stays_pending()
    {
        var user = await _reels.NewUserAsync();
        var slot = await _reels.VideoAsync(user, purpose: "post");

        var response = await _reels.CreateAsync(user, new { uploadId = slot.UploadId, durationSeconds = 10 });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("uploadId", out _));
        Assert.Equal("pending", await _reels.Posts.Media.StatusInDatabaseAsync(slot.UploadId));
        Assert.Equal(0L, await ReelsOfAsync(user));
    }

    [Fact]
    public async Task Someone_elses_upload_is_a_404_and_stays_theirs()
    {
        var owner = await _reels.NewUserAsync();
        var thief = await _reels.NewUserAsync();
        var slot = await _reels.VideoAsync(owner);

        await (await _reels.CreateAsync(thief, new { uploadId = slot.UploadId, durationSeconds = 10 })).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("pending", await _reels.Posts.Media.StatusInDatabaseAsync(slot.UploadId));
        Assert.Equal(0L, await ReelsOfAsync(thief));
        await _reels.CreateReelAsync(owner); // the owner's own flow is untouched
    }

    [Fact]
    public async Task An_image_is_refused_as_a_reel_whether_declared_as_one_or_disguised_as_a_video()
    {
        var user = await _reels.NewUserAsync();
        // A reel slot cannot be asked for an image at all.
        await (await _reels.Posts.Media.RequestSlotAsync(user, new { purpose = "reel", contentType = "image/jpeg", size = 2048 }))
            .AssertValidationErrorAsync("contentType");
        // A post image is the wrong purpose.
        var image = (await _reels.Posts.Media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg())).Slot;
        await (await _reels.CreateAsync(user, new { uploadId = image.UploadId, durationSeconds = 10 })).AssertProblemAsync(HttpStatusCode.Conflict);
        // JPEG bytes behind a reel slot that promised an MP4 fail the magic-number check: rejected, object deleted.
        var disguised = (await _reels.Posts.Media.UploadedAsync(user, "reel", "video/mp4", MediaSamples.Jpeg(4096))).Slot;
        await (await _reels.CreateAsync(user, new { uploadId = disguised.UploadId, durationSeconds = 10 })).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("rejected", await _reels.Posts.Media.StatusInDatabaseAsync(disguised.UploadId));
        Assert.False(await _reels.Posts.Media.ObjectExistsAsync(user, disguised.UploadId, "reel"));
        Assert.Equal(0L, await ReelsOfAsync(user));
    }

    [Fact]
    public async Task Used_or_not_yet_uploaded_slots_are_409_and_an_unknown_sound_is_a_400_that_claims_nothing()
    {
        var user = await _reels.NewUserAsync();
        var used = (await _reels.CreateReelAsync(user)).GetProperty("id").GetGuid();
        var usedUpload = await _reels.Posts.ScalarAsync<Guid>("SELECT upload_id FROM reels WHERE id = @used", new { used });
        await (await _reels.CreateAsync(user, new { uploadId = usedUpload, durationSeconds = 10 })).AssertProblemAsync(HttpStatusCode.Conflict);

        var empty = await _reels.Posts.Media.CreateSlotAsync(user, "reel", "video/mp4", 4096);
        await (await _reels.CreateAsync(user, new { uploadId = empty.UploadId, durationSeconds = 10 })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("pending", await _reels.Posts.Media.StatusInDatabaseAsync(empty.UploadId));

        var slot = await _reels.VideoAsync(user);
        await (await _reels.CreateAsync(user, new { uploadId = slot.UploadId, durationSeconds = 10, audioTrackId = Guid.NewGuid() }))
            .AssertValidationErrorAsync("audioTrackId");
        Assert.Equal("pending", await _reels.Posts.Media.StatusInDatabaseAsync(slot.UploadId));
        Assert.Equal(1L, await ReelsOfAsync(user));
    }
}
