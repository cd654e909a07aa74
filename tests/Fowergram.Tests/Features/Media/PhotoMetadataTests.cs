using System.Net;
using System.Text;
using Dapper;
using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// A photo's metadata (EXIF with its GPS position, XMP, IPTC, comments) is taken out when the upload is claimed, so no
/// read URL ever serves it: over HTTP through the Server host, from slot to the post's signed URL.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PhotoMetadataTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private MediaClient Media => _posts.Media;

    public static TheoryData<string, string> Photos() => new()
    {
        { "post", "image/jpeg" }, { "post", "image/png" }, { "story", "image/webp" }, { "message", "image/jpeg" }, { "post", "image/heic" },
    };

    [Theory]
    [MemberData(nameof(Photos))]
    public async Task A_claimed_photo_is_served_without_its_metadata_and_recorded_at_its_new_size(string purpose, string contentType)
    {
        var user = await Media.NewUserAsync();
        var photo = Photo(contentType);
        var (slot, _) = await Media.UploadedAsync(user, purpose, contentType, photo);
        MediaPolicy.TryParsePurpose(purpose, out var mediaPurpose);

        var claim = await Media.ClaimAsync(user, slot.UploadId, mediaPurpose);

        var cleaned = ImageMetadata.Strip(contentType, photo)!;
        Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(cleaned.Length, claim.Media!.Size);
        Assert.Equal(cleaned, await Media.ServedAsync(claim.Media.ObjectName, contentType));
        // Zeroed in place (HEIC), the object keeps its size and nothing is recorded.
        long? recorded = cleaned.Length < photo.Length ? cleaned.LongLength : null;
        Assert.Equal((cleaned.LongLength, recorded, photo.LongLength), await SizesAsync(slot.UploadId));
        Assert.DoesNotContain(Encoding.Latin1.GetString(PhotoSamples.GpsMarker), Encoding.Latin1.GetString(cleaned));
    }

    [Fact]
    public async Task A_post_serves_its_photo_without_gps_and_the_orientation_stays()
    {
        var user = await Media.NewUserAsync();
        var photo = PhotoSamples.Jpeg(orientation: 8);
        var slot = await _posts.UploadAsync(user, photo);

        var created = await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new { media = new[] { new { uploadId = slot.UploadId } } });

        var post = await created.ReadJsonAsync(HttpStatusCode.Created);
        var served = await (await app.Client.GetAsync(post.GetProperty("media")[0].GetProperty("url").GetString())).Content.ReadAsByteArrayAsync();
        var text = Encoding.Latin1.GetString(served);
        Assert.DoesNotContain(Encoding.Latin1.GetString(PhotoSamples.GpsMarker), text);
        Assert.DoesNotContain("PhoneMaker", text);
        Assert.Contains("Exif\0\0MM", text); // the orientation's own small EXIF block
        Assert.Equal(ImageMetadata.Strip("image/jpeg", photo), served);
    }

    [Fact]
    public async Task A_claim_rolled_back_after_the_photo_was_cleaned_can_be_claimed_again()
    {
        var user = await Media.NewUserAsync();
        var photo = PhotoSamples.Jpeg();
        var slot = await _posts.UploadAsync(user, photo);
        await using (var conn = await Media.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            Assert.Equal(ClaimOutcome.Claimed, (await Media.Uploads.ClaimAsync(conn, tx, user.Id, slot.UploadId, MediaPurpose.Post, default)).Outcome);
            await tx.RollbackAsync(); // the post's transaction failed after the claim
        }
        Assert.Equal("pending", await Media.StatusInDatabaseAsync(slot.UploadId));

        var created = await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new { media = new[] { new { uploadId = slot.UploadId } } });

        await created.ReadJsonAsync(HttpStatusCode.Created);
        var cleaned = ImageMetadata.Strip("image/jpeg", photo)!;
        Assert.Equal((cleaned.LongLength, cleaned.LongLength, photo.LongLength), await SizesAsync(slot.UploadId));
    }

    [Fact]
    public async Task Posts_racing_for_one_photo_get_one_201_and_the_rest_409_and_the_object_stays_cleaned()
    {
        var user = await Media.NewUserAsync();
        var photo = PhotoSamples.Png();
        for (var round = 0; round < 10; round++)
        {
            var slot = await _posts.UploadAsync(user, photo, "image/png");

            // Staggered by a millisecond or two, so that some claims read the slot while another is replacing the object.
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
            {
                await Task.Delay(i % 3);
                return await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new { media = new[] { new { uploadId = slot.UploadId } } });
            }));

            var codes = string.Join(", ", answers.Select(a => (int)a.StatusCode));
            Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Created) == 1 && answers.Count(a => a.StatusCode == HttpStatusCode.Conflict) == 7, codes);
            var post = await answers.Single(a => a.StatusCode == HttpStatusCode.Created).ReadJsonAsync(HttpStatusCode.Created);
            var served = await app.Client.GetAsync(post.GetProperty("media")[0].GetProperty("url").GetString());
            Assert.Equal(ImageMetadata.Strip("image/png", photo), await served.Content.ReadAsByteArrayAsync());
            Assert.Equal("used", await Media.StatusInDatabaseAsync(slot.UploadId));
        }
    }

    [Fact]
    public async Task Photos_without_metadata_are_served_as_uploaded()
    {
        var user = await Media.NewUserAsync();
        foreach (var (type, bytes) in new[] { ("image/jpeg", PhotoSamples.Jpeg(metadata: false)), ("image/heic", PhotoSamples.Heic(metadata: false).File) })
        {
            var (slot, _) = await Media.UploadedAsync(user, "post", type, bytes);
            var claim = await Media.ClaimAsync(user, slot.UploadId);
            Assert.Equal(bytes, await Media.ServedAsync(claim.Media!.ObjectName, type));
            Assert.Equal((bytes.LongLength, (long?)null, bytes.LongLength), await SizesAsync(slot.UploadId));
        }
    }

    private static byte[] Photo(string contentType) => contentType switch
    {
        "image/png" => PhotoSamples.Png(),
        "image/webp" => PhotoSamples.WebP(),
        "image/heic" => PhotoSamples.Heic().File,
        _ => PhotoSamples.Jpeg(),
    };


    /// <summary>actual_size, cleaned_size and declared_size of the upload.</summary>
    private async Task<(long? Actual, long? Cleaned, long Declared)> SizesAsync(Guid uploadId)
    {
        await using var conn = await Media.Db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(long?, long?, long)>(
            "SELECT actual_size, cleaned_size, declared_size FROM uploads WHERE id = @uploadId", new { uploadId });
    }
}
