using System.Net;
using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Media;
using Xunit; // also compiled into Fowergram.Functions.Tests, which has no global usings

namespace Fowergram.Tests.Platform.Media;

/// <summary>
/// What every <see cref="IMediaStore"/> promises, over real HTTP against whatever serves its URLs. The
/// local store runs it here; Fowergram.Functions.Tests runs the Blob store against Azurite. Refusals are asserted as
/// "not a success, and nothing stored": status codes differ between stores (Blob answers 403 where the
/// local store says 409 or 413), the guarantee does not.
/// </summary>
public abstract class MediaStoreContract
{
    protected abstract IMediaStore Store { get; }
    protected abstract HttpClient Http { get; }
    protected abstract DateTimeOffset Now { get; }

    /// <summary>Moves the store's clock forward (a test clock locally).</summary>
    protected abstract void Advance(TimeSpan by);

    protected static string NewName() => MediaObjectNames.For(MediaPurpose.Post, Guid.NewGuid(), Guid.CreateVersion7());
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Uploaded_object_reports_its_size_and_first_bytes()
    {
        var name = NewName();
        var bytes = MediaSamples.Jpeg(5000);

        var put = await PutAsync(await UploadTargetAsync(name, bytes.Length), bytes);

        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var stored = await Store.InspectAsync(name, MagicNumbers.HeadLength, None);
        Assert.Equal(5000, stored!.Size);
        Assert.Equal(bytes[..MagicNumbers.HeadLength], stored.Head);
    }

    [Fact]
    public async Task Head_of_an_object_shorter_than_asked_is_the_whole_object()
    {
        var name = NewName();
        await PutAsync(await UploadTargetAsync(name, 3), [0xFF, 0xD8, 0xFF]);

        var stored = await Store.InspectAsync(name, 64, None);

        Assert.Equal(3, stored!.Size);
        Assert.Equal([0xFF, 0xD8, 0xFF], stored.Head);
    }

    [Fact]
    public async Task Missing_object_inspects_as_null() => Assert.Null(await Store.InspectAsync(NewName(), 64, None));

    [Fact]
    public async Task Delete_removes_the_object_and_repeating_it_is_harmless()
    {
        var name = NewName();
        await PutAsync(await UploadTargetAsync(name, 100), MediaSamples.Head("image/png", 100));

        await Store.DeleteAsync(name, None);
        await Store.DeleteAsync(name, None);
        await Store.DeleteAsync(NewName(), None);

        Assert.Null(await Store.InspectAsync(name, 64, None));
    }

    [Fact]
    public async Task Signed_read_url_serves_the_bytes_as_the_given_type()
    {
        var name = NewName();
        var bytes = MediaSamples.WebP(3000);
        await PutAsync(await UploadTargetAsync(name, bytes.Length, "image/webp"), bytes);

        var response = await Http.GetAsync(await ReadUrlAsync(name, "image/webp"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Read_url_of_a_missing_object_serves_nothing()
    {
        var response = await Http.GetAsync(await ReadUrlAsync(NewName(), "image/jpeg"));
        Assert.False(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Tampered_or_unsigned_read_url_is_refused()
    {
        var name = NewName();
        await PutAsync(await UploadTargetAsync(name, 100), MediaSamples.Head("image/jpeg", 100));
        var url = (await ReadUrlAsync(name, "image/jpeg")).AbsoluteUri;

        Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync(MediaUrls.TamperSignature(url))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync(url.Split('?')[0])).StatusCode);
    }

    [Fact]
    public async Task Read_url_for_one_object_does_not_open_another()
    {
        var (mine, theirs) = (NewName(), NewName());
        await PutAsync(await UploadTargetAsync(theirs, 100), MediaSamples.Head("image/jpeg", 100));
        var url = await ReadUrlAsync(mine, "image/jpeg");

        var response = await Http.GetAsync(url.AbsoluteUri.Replace(mine, theirs));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Read_url_is_refused_after_expiry()
    {
        var name = NewName();
        await PutAsync(await UploadTargetAsync(name, 100), MediaSamples.Head("image/jpeg", 100));
        var url = await Store.CreateReadUrlAsync(name, "image/jpeg", Now.AddMinutes(2), None);

        Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Upload_url_is_refused_after_expiry_and_stores_nothing()
    {
        var name = NewName();
        var target = await Store.CreateUploadTargetAsync(new UploadTargetRequest(name, "image/jpeg", 100, Now.AddMinutes(3)), None);

        Advance(TimeSpan.FromMinutes(3));
        var put = await PutAsync(target, MediaSamples.Head("image/jpeg", 100));

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Null(await Store.InspectAsync(name, 64, None));
    }

    [Fact]
    public async Task Tampered_upload_url_is_refused_and_stores_nothing()
    {
        var name = NewName();
        var target = await UploadTargetAsync(name, 100);

        var put = await PutAsync(target with { Url = new Uri(MediaUrls.TamperSignature(target.Url.AbsoluteUri)) }, MediaSamples.Head("image/jpeg", 100));

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Null(await Store.InspectAsync(name, 64, None));
    }

    [Fact]
    public async Task Upload_url_writes_only_its_own_object()
    {
        var (mine, other) = (NewName(), NewName());
        var target = await UploadTargetAsync(mine, 100);

        var put = await PutAsync(target with { Url = new Uri(target.Url.AbsoluteUri.Replace(mine, other)) }, MediaSamples.Head("image/jpeg", 100));

        Assert.False(put.IsSuccessStatusCode);
        Assert.Null(await Store.InspectAsync(other, 64, None));
    }

    [Fact]
    public async Task Upload_url_is_write_once()
    {
        var name = NewName();
        var target = await UploadTargetAsync(name, 100);
        var original = MediaSamples.Head("image/jpeg", 100);
        await PutAsync(target, original);

        var again = await PutAsync(target, MediaSamples.Script(100));

        Assert.False(again.IsSuccessStatusCode);
        Assert.Equal(original[..64], (await Store.InspectAsync(name, 64, None))!.Head);
    }

    [Fact]
    public async Task The_server_reads_an_object_whole_and_replaces_it_and_read_urls_serve_the_new_bytes()
    {
        var name = NewName();
        var original = MediaSamples.Jpeg(3000);
        await PutAsync(await UploadTargetAsync(name, original.Length), original);
        Assert.Equal(original, await Store.ReadAllAsync(name, None));

        var replacement = MediaSamples.Jpeg(1200);
        replacement[^1] = 0x42;
        await Store.ReplaceAsync(name, replacement, "image/jpeg", None);
        await Store.ReplaceAsync(name, replacement, "image/jpeg", None); // twice: the same bytes

        Assert.Equal(replacement, await Store.ReadAllAsync(name, None));
        Assert.Equal(1200, (await Store.InspectAsync(name, 64, None))!.Size);
        var served = await Http.GetAsync(await ReadUrlAsync(name, "image/jpeg"));
        Assert.Equal(replacement, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_server_overwrites_a_run_of_bytes_in_place_and_read_urls_serve_the_rest_unchanged()
    {
        var name = NewName();
        var original = MediaSamples.Mp4(300_000);
        await PutAsync(await UploadTargetAsync(name, original.Length, "video/mp4"), original);
        var patch = new BytePatch(123_457, Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray());

        await Store.OverwriteAsync(name, [patch], None);
        await Store.OverwriteAsync(name, [patch], None); // twice: the same bytes

        var expected = original.ToArray();
        patch.Bytes.CopyTo(expected, patch.Offset);
        Assert.Equal(expected, await Store.ReadAllAsync(name, None));
        var served = await Http.GetAsync(await ReadUrlAsync(name, "video/mp4"));
        Assert.Equal(expected, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("video/mp4", served.Content.Headers.ContentType?.MediaType);

        // At either end of the object, too.
        await Store.OverwriteAsync(name, [new BytePatch(0, [1, 2, 3])], None);
        await Store.OverwriteAsync(name, [new BytePatch(original.Length - 2, [9, 9])], None);
        var ends = await Store.ReadAllAsync(name, None);
        Assert.Equal((original.Length, (byte)1, (byte)9), (ends!.Length, ends[0], ends[^1]));
    }

    [Fact]
    public async Task The_server_overwrites_several_runs_in_one_write_and_the_bytes_between_them_stay()
    {
        var name = NewName();
        var original = MediaSamples.Mp4(300_000);
        await PutAsync(await UploadTargetAsync(name, original.Length, "video/mp4"), original);
        // At the start, two touching runs, one far on, one at the very end: what a video's location takes (VideoMetadata).
        BytePatch[] patches = [new(0, [1, 2]), new(40_000, Fill(300, 3)), new(40_300, Fill(10, 4)), new(250_001, Fill(7_000, 5)),
            new(original.Length - 1, [6])];

        await Store.OverwriteAsync(name, patches, None);

        var expected = original.ToArray();
        foreach (var patch in patches) patch.Bytes.CopyTo(expected, patch.Offset);
        Assert.Equal(expected, await Store.ReadAllAsync(name, None));
        var served = await Http.GetAsync(await ReadUrlAsync(name, "video/mp4"));
        Assert.Equal(expected, await served.Content.ReadAsByteArrayAsync());

        await Store.OverwriteAsync(name, [], None); // nothing to write: nothing changes
        Assert.Equal(expected, await Store.ReadAllAsync(name, None));
    }

    [Fact]
    public async Task Overwriting_past_the_end_or_a_missing_object_is_refused_and_changes_nothing()
    {
        var name = NewName();
        var original = MediaSamples.Mp4(4000);
        await PutAsync(await UploadTargetAsync(name, original.Length, "video/mp4"), original);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.OverwriteAsync(name, [new BytePatch(3999, [1, 2])], None));
        // A patch that fits does not get written when another in the same list does not.
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.OverwriteAsync(name, [new BytePatch(0, [1]), new BytePatch(3999, [1, 2])], None));
        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.OverwriteAsync(NewName(), [new BytePatch(0, [1])], None));

        Assert.Equal(original, await Store.ReadAllAsync(name, None));
    }

    [Fact]
    public async Task Overlapping_or_unordered_patches_are_refused_and_change_nothing()
    {
        var name = NewName();
        var original = MediaSamples.Mp4(4000);
        await PutAsync(await UploadTargetAsync(name, original.Length, "video/mp4"), original);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.OverwriteAsync(name, [new BytePatch(100, [1, 2, 3]), new BytePatch(102, [4])], None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OverwriteAsync(name, [new BytePatch(200, [1]), new BytePatch(100, [2])], None));

        Assert.Equal(original, await Store.ReadAllAsync(name, None));
    }

    private static byte[] Fill(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    [Fact]
    public async Task Reading_a_missing_object_whole_is_null() => Assert.Null(await Store.ReadAllAsync(NewName(), None));

    [Fact]
    public async Task A_range_read_answers_the_bytes_asked_for_and_fewer_only_where_the_object_ends()
    {
        var name = NewName();
        var bytes = MediaSamples.Mp4(5000);
        await PutAsync(await UploadTargetAsync(name, bytes.Length, "video/mp4"), bytes);

        Assert.Equal(bytes[..16], await Store.ReadRangeAsync(name, 0, 16, None));
        Assert.Equal(bytes[1234..3234], await Store.ReadRangeAsync(name, 1234, 2000, None));
        Assert.Equal(bytes[4990..], await Store.ReadRangeAsync(name, 4990, 16, None));
        Assert.Empty((await Store.ReadRangeAsync(name, 5000, 16, None))!);
        Assert.Empty((await Store.ReadRangeAsync(name, 9000, 16, None))!);
        Assert.Null(await Store.ReadRangeAsync(NewName(), 0, 16, None));
    }

    /// <summary>A store either refuses the excess while uploading or reports the true size, so the claim rejects it.</summary>
    [Fact]
    public async Task Upload_over_the_size_cap_is_refused_or_reported_with_its_true_size()
    {
        var name = NewName();
        var target = await UploadTargetAsync(name, 100);

        var put = await PutAsync(target, MediaSamples.Head("image/jpeg", 101));

        var stored = await Store.InspectAsync(name, 64, None);
        Assert.True(put.IsSuccessStatusCode ? stored?.Size == 101 : stored is null, $"PUT {(int)put.StatusCode}, stored {stored?.Size}");
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("post/../../secret")]
    [InlineData("post/not-a-user/not-an-upload")]
    [InlineData("POST/00000000-0000-0000-0000-000000000000/00000000-0000-0000-0000-000000000000")]
    public async Task Store_refuses_object_names_the_server_did_not_make(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateUploadTargetAsync(new UploadTargetRequest(name, "image/jpeg", 10, Now.AddMinutes(1)), None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateReadUrlAsync(name, "image/jpeg", Now.AddMinutes(1), None));
    }

    [Fact]
    public async Task Store_refuses_url_lifetimes_beyond_the_maximum()
    {
        var tooLate = Now + MediaOptions.MaxUrlLifetime + TimeSpan.FromMinutes(1);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CreateReadUrlAsync(NewName(), "image/jpeg", tooLate, None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CreateUploadTargetAsync(new UploadTargetRequest(NewName(), "image/jpeg", 10, tooLate), None));
    }

    protected Task<UploadTarget> UploadTargetAsync(string name, long maxSize, string contentType = "image/jpeg") =>
        Store.CreateUploadTargetAsync(new UploadTargetRequest(name, contentType, maxSize, Now.AddMinutes(10)), None);

    protected Task<Uri> ReadUrlAsync(string name, string contentType) => Store.CreateReadUrlAsync(name, contentType, Now.AddMinutes(5), None);

    protected Task<HttpResponseMessage> PutAsync(UploadTarget target, byte[] bytes)
    {
        var request = new HttpRequestMessage(new HttpMethod(target.Method), target.Url) { Content = new ByteArrayContent(bytes) };
        foreach (var (header, value) in target.Headers)
            if (!request.Content.Headers.TryAddWithoutValidation(header, value)) request.Headers.TryAddWithoutValidation(header, value);
        return Http.SendAsync(request);
    }
}
