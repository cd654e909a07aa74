using System.Buffers.Binary;
using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// A box may give its size in 64 bits. One of almost 2^63 bytes, after an 8-byte box, once sent the box reader's offset back
/// to that box: the claim walked the two forever, a request thread spinning until the host restarted. It must be refused.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WrappingBoxSizeTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    /// <summary>An empty 8-byte box, then one whose 64-bit size is long.MaxValue − 7: offset + size wraps, (int)size is −8.</summary>
    private static byte[] PointsBack()
    {
        var size = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(size, long.MaxValue - 7);
        return [.. MediaSamples.Box("free", []), 0, 0, 0, 1, .. "skip"u8, .. size, .. new byte[16]];
    }

    [Fact]
    public async Task A_photo_whose_box_size_points_back_is_refused_not_walked_forever()
    {
        var heic = MediaSamples.Heic();
        var ftyp = MediaSamples.Ftyp("heic", "mif1", "heic");
        var user = await _posts.NewUserAsync();
        var (slot, _) = await _posts.Media.UploadedAsync(user, "post", "image/heic", [.. heic[..ftyp.Length], .. PointsBack(), .. heic[ftyp.Length..]]);

        var created = await PostAsync(user, slot);

        await created.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("rejected", await _posts.Media.StatusInDatabaseAsync(slot.UploadId));
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = user.Id }));
    }

    /// <summary>Inside the movie box, after its track: the walk of the movie ends there, as at any child running past its parent.</summary>
    [Fact]
    public async Task A_movie_whose_inner_box_size_points_back_is_answered_not_walked_forever()
    {
        var user = await _posts.NewUserAsync();
        var movie = MediaSamples.Movie(MediaSamples.Ftyp("isom", "isom", "mp41"), 4096, movieExtra: PointsBack());
        var (slot, _) = await _posts.Media.UploadedAsync(user, "post", "video/mp4", movie);

        var created = await PostAsync(user, slot);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("used", await _posts.Media.StatusInDatabaseAsync(slot.UploadId));
    }

    private Task<HttpResponseMessage> PostAsync(TestUser user, Slot slot) =>
        _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new { media = new[] { new { uploadId = slot.UploadId } } })
            .WaitAsync(TimeSpan.FromSeconds(30));
}
