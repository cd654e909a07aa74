using System.Net;
using System.Text;
using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// Where a video was recorded is blanked when its upload is claimed (<see cref="VideoMetadata"/>), in place and at the same
/// size, so no read URL ever serves it: over HTTP through the Server host, from slot to the signed URL.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VideoLocationTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);
    private PostsClient Posts => _reels.Posts;
    private MediaClient Media => Posts.Media;

    public static TheoryData<string, string> Videos() => new()
    {
        { "post", "video/mp4" }, { "reel", "video/quicktime" }, { "video", "video/mp4" }, { "story", "video/quicktime" }, { "message", "video/mp4" },
    };

    [Theory]
    [MemberData(nameof(Videos))]
    public async Task A_claimed_video_is_served_without_where_it_was_recorded_at_its_own_size(string purpose, string contentType)
    {
        var user = await Media.NewUserAsync();
        var video = VideoSamples.Located(contentType: contentType);
        var (slot, _) = await Media.UploadedAsync(user, purpose, contentType, video);
        MediaPolicy.TryParsePurpose(purpose, out var mediaPurpose);

        var claim = await Media.ClaimAsync(user, slot.UploadId, mediaPurpose);

        Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(video.Length, claim.Media!.Size);
        Assert.Equal(new MediaFacts(720, 1280, 12), claim.Media.Facts);
        var served = await Media.ServedAsync(claim.Media.ObjectName, contentType);
        Assert.Equal(video.Length, served.Length);
        AssertNoPlace(served);
        Assert.Contains(VideoSamples.Make, Encoding.UTF8.GetString(served));
    }

    [Fact]
    public async Task A_reel_serves_its_video_without_the_place_it_was_shot()
    {
        var user = await _reels.NewUserAsync();
        var (slot, _) = await Media.UploadedAsync(user, "reel", "video/quicktime", VideoSamples.Located(durationSeconds: 20));

        var created = await _reels.CreateAsync(user, new { uploadId = slot.UploadId, durationSeconds = 20 });

        var reel = await created.ReadJsonAsync(HttpStatusCode.Created);
        var served = await (await app.Client.GetAsync(reel.GetProperty("video").GetProperty("url").GetString())).Content.ReadAsByteArrayAsync();
        AssertNoPlace(served);
    }

    [Fact]
    public async Task A_claim_rolled_back_after_the_video_was_cleaned_can_be_claimed_again()
    {
        var user = await Media.NewUserAsync();
        var video = VideoSamples.WithPacket(VideoSamples.Located(contentType: "video/mp4")); // two runs: the movie box's, the packet's
        var (slot, _) = await Media.UploadedAsync(user, "post", "video/mp4", video);
        await using (var conn = await Media.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            Assert.Equal(ClaimOutcome.Claimed, (await Media.Uploads.ClaimAsync(conn, tx, user.Id, slot.UploadId, MediaPurpose.Post, default)).Outcome);
            await tx.RollbackAsync(); // the post's transaction failed after the claim
        }
        Assert.Equal("pending", await Media.StatusInDatabaseAsync(slot.UploadId));

        var created = await Posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new { media = new[] { new { uploadId = slot.UploadId } } });

        var post = await created.ReadJsonAsync(HttpStatusCode.Created);
        var served = await (await app.Client.GetAsync(post.GetProperty("media")[0].GetProperty("url").GetString())).Content.ReadAsByteArrayAsync();
        Assert.Equal(video.Length, served.Length);
        AssertNoPlace(served);
        Assert.DoesNotContain(VideoSamples.PacketPlace, Encoding.UTF8.GetString(served));
    }

    [Theory]
    [InlineData("video/mp4", false)]
    [InlineData("video/quicktime", true)]
    public async Task A_claimed_video_is_served_without_the_XMP_packet_an_editor_put_after_its_media(string contentType, bool largeSize)
    {
        var user = await Media.NewUserAsync();
        var video = VideoSamples.WithPacket(VideoSamples.Located(contentType: contentType), largeSize);
        var (slot, _) = await Media.UploadedAsync(user, "video", contentType, video);

        var claim = await Media.ClaimAsync(user, slot.UploadId, MediaPurpose.Video);

        Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);
        var served = await Media.ServedAsync(claim.Media!.ObjectName, contentType);
        Assert.Equal(video.Length, served.Length);
        AssertNoPlace(served);
        var text = Encoding.UTF8.GetString(served);
        Assert.DoesNotContain(VideoSamples.PacketPlace, text);
        Assert.EndsWith(VideoSamples.VendorNote, text); // a vendor's uuid box after it stays
    }

    [Theory]
    [InlineData("post", "video/mp4")]
    [InlineData("story", "video/quicktime")]
    public async Task A_fragmented_video_is_served_without_the_places_its_fragments_name(string purpose, string contentType)
    {
        var user = await Media.NewUserAsync();
        var video = VideoSamples.Fragmented(contentType);
        var (slot, _) = await Media.UploadedAsync(user, purpose, contentType, video);
        MediaPolicy.TryParsePurpose(purpose, out var mediaPurpose);

        var claim = await Media.ClaimAsync(user, slot.UploadId, mediaPurpose);

        Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(new MediaFacts(720, 1280, 12), claim.Media!.Facts);
        var served = await Media.ServedAsync(claim.Media.ObjectName, contentType);
        Assert.Equal(video.Length, served.Length);
        var text = Encoding.UTF8.GetString(served);
        Assert.All(VideoSamples.FragmentPlaces, place => Assert.DoesNotContain(place, text));
        Assert.Contains(VideoSamples.Title, text);
    }

    [Fact]
    public async Task A_video_that_names_no_place_is_served_as_uploaded()
    {
        var user = await Media.NewUserAsync();
        var video = VideoSamples.Unlocated(contentType: "video/mp4");
        var (slot, _) = await Media.UploadedAsync(user, "reel", "video/mp4", video);

        var claim = await Media.ClaimAsync(user, slot.UploadId, MediaPurpose.Reel);

        Assert.Equal(video, await Media.ServedAsync(claim.Media!.ObjectName, "video/mp4"));
    }

    private static void AssertNoPlace(byte[] served)
    {
        var text = Encoding.UTF8.GetString(served);
        Assert.All(VideoSamples.Places, place => Assert.DoesNotContain(place, text));
    }

}
