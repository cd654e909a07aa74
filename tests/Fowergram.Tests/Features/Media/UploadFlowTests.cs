using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fowergram.Platform.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Media;

/// <summary>Slot → PUT bytes → claim, over HTTP through the Server host, and every way it must refuse.</summary>
[Collection(ApiCollection.Name)]
public sealed class UploadFlowTests(FowergramApp app)
{
    private readonly MediaClient _media = new(app);

    [Theory]
    [InlineData("post", "image/jpeg", MediaKind.Image)]
    [InlineData("post", "video/mp4", MediaKind.Video)]
    [InlineData("story", "image/png", MediaKind.Image)]
    [InlineData("reel", "video/quicktime", MediaKind.Video)]
    [InlineData("avatar", "image/webp", MediaKind.Image)]
    [InlineData("message", "image/heic", MediaKind.Image)]
    [InlineData("message", "audio/mp4", MediaKind.Audio)]
    public async Task Uploaded_file_is_claimed_once_and_readable_through_a_signed_url(string purpose, string contentType, MediaKind kind)
    {
        var user = await _media.NewUserAsync();
        var bytes = Sample(contentType);
        var (slot, _) = await _media.UploadedAsync(user, purpose, contentType, bytes);
        MediaPolicy.TryParsePurpose(purpose, out var mediaPurpose);

        var claim = await _media.ClaimAsync(user, slot.UploadId, mediaPurpose);

        Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(new ClaimedMedia(slot.UploadId, mediaPurpose, $"{purpose}/{user.Id:D}/{slot.UploadId:D}", contentType, kind, bytes.Length,
            Measured(contentType)), claim.Media);
        Assert.Equal("used", await StatusOverHttpAsync(user, slot.UploadId));
        var read = await _media.Uploads.CreateReadUrlAsync(claim.Media!.ObjectName, contentType, CancellationToken.None);
        var served = await app.Client.GetAsync(read.Url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(contentType, served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Claiming_someone_elses_upload_is_not_found_and_changes_nothing()
    {
        var owner = await _media.NewUserAsync();
        var thief = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(owner, "post", "image/jpeg", MediaSamples.Jpeg());

        var stolen = await _media.ClaimAsync(thief, slot.UploadId);

        Assert.Equal(ClaimOutcome.NotFound, stolen.Outcome);
        Assert.Null(stolen.Media);
        Assert.Equal("pending", await _media.StatusInDatabaseAsync(slot.UploadId));
        Assert.True(await _media.ObjectExistsAsync(owner, slot.UploadId));
        Assert.Equal(ClaimOutcome.Claimed, (await _media.ClaimAsync(owner, slot.UploadId)).Outcome);
    }

    [Fact]
    public async Task Claim_of_an_unknown_upload_id_is_not_found()
    {
        var user = await _media.NewUserAsync();
        var claim = await _media.ClaimAsync(user, Guid.CreateVersion7());
        Assert.Equal(ClaimOutcome.NotFound, claim.Outcome);
        Assert.Equal(404, await StatusOfProblemAsync(claim));
    }

    [Theory]
    [InlineData("image/jpeg")]
    [InlineData("image/png")]
    [InlineData("image/webp")]
    [InlineData("image/heic")]
    [InlineData("video/mp4")]
    [InlineData("video/quicktime")]
    public async Task Wrong_magic_bytes_reject_the_upload_and_delete_the_object(string contentType)
    {
        var user = await _media.NewUserAsync();
        var (purpose, mediaPurpose) = contentType.StartsWith("video/") ? ("reel", MediaPurpose.Reel) : ("post", MediaPurpose.Post);
        var (slot, _) = await _media.UploadedAsync(user, purpose, contentType, MediaSamples.Script());

        var claim = await _media.ClaimAsync(user, slot.UploadId, mediaPurpose);

        Assert.Equal(ClaimOutcome.Rejected, claim.Outcome);
        Assert.Contains($"not {contentType}", claim.Detail);
        Assert.Equal("rejected", await _media.StatusInDatabaseAsync(slot.UploadId));
        Assert.False(await _media.ObjectExistsAsync(user, slot.UploadId, purpose));
        Assert.Equal(ClaimOutcome.Rejected, (await _media.ClaimAsync(user, slot.UploadId, mediaPurpose)).Outcome);
    }

    /// <summary>Checklist 17: the right first bytes are not enough, the photo must decode and the video's boxes make a movie.</summary>
    [Theory]
    [InlineData("image/jpeg", "does not decode")]
    [InlineData("image/png", "does not decode")]
    [InlineData("image/webp", "does not decode")]
    [InlineData("image/heic", "it has no HEIF meta box")]
    [InlineData("video/mp4", "its boxes do not add up to its size")]
    [InlineData("video/quicktime", "its boxes do not add up to its size")]
    public async Task A_file_with_the_right_first_bytes_that_does_not_decode_is_rejected_and_deleted(string contentType, string reason)
    {
        var user = await _media.NewUserAsync();
        var (purpose, mediaPurpose) = contentType.StartsWith("video/") ? ("reel", MediaPurpose.Reel) : ("post", MediaPurpose.Post);
        var (slot, _) = await _media.UploadedAsync(user, purpose, contentType, MediaSamples.Head(contentType, 5000));

        var claim = await _media.ClaimAsync(user, slot.UploadId, mediaPurpose);

        Assert.Equal(ClaimOutcome.Rejected, claim.Outcome);
        Assert.Contains(reason, claim.Detail);
        Assert.Equal("rejected", await _media.StatusInDatabaseAsync(slot.UploadId));
        Assert.False(await _media.ObjectExistsAsync(user, slot.UploadId, purpose));
    }

    [Fact]
    public async Task A_photo_above_the_pixel_cap_is_rejected_before_it_is_decoded()
    {
        await using var capped = TestApps.WithOwnClock(b => b.Configuration["Media:MaxImagePixels"] = "300");
        await capped.InitializeAsync();
        var media = new MediaClient(capped);
        var user = await media.NewUserAsync();
        var (slot, _) = await media.UploadedAsync(user, "post", "image/png", MediaSamples.Png()); // 24×16 = 384 pixels

        var claim = await media.ClaimAsync(user, slot.UploadId);

        Assert.Equal("The uploaded file was rejected: its 24×16 pixels are more than the 300 allowed.", claim.Detail);
        Assert.False(await media.ObjectExistsAsync(user, slot.UploadId, "post"));
    }

    [Fact]
    public async Task A_video_declared_as_an_image_is_rejected()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "avatar", "image/jpeg", MediaSamples.Mp4(2048));

        var claim = await _media.ClaimAsync(user, slot.UploadId, MediaPurpose.Avatar);

        Assert.Equal(ClaimOutcome.Rejected, claim.Outcome);
        Assert.False(await _media.ObjectExistsAsync(user, slot.UploadId, "avatar"));
    }

    [Fact]
    public async Task Fewer_bytes_than_declared_reject_the_upload_and_delete_the_object()
    {
        var user = await _media.NewUserAsync();
        var slot = await _media.CreateSlotAsync(user, "post", "image/jpeg", 4096);
        Assert.Equal(HttpStatusCode.Created, (await _media.UploadAsync(slot, MediaSamples.Jpeg(4000))).StatusCode);

        var claim = await _media.ClaimAsync(user, slot.UploadId);

        Assert.Equal(ClaimOutcome.Rejected, claim.Outcome);
        Assert.Contains("differs from the declared 4096", claim.Detail);
        Assert.Equal("rejected", await StatusOverHttpAsync(user, slot.UploadId));
        Assert.False(await _media.ObjectExistsAsync(user, slot.UploadId));
        Assert.Equal(409, await StatusOfProblemAsync(claim));
    }

    [Fact]
    public async Task An_upload_is_used_once()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "post", "image/png", MediaSamples.Png());

        var first = await _media.ClaimAsync(user, slot.UploadId);
        var second = await _media.ClaimAsync(user, slot.UploadId);

        Assert.Equal(ClaimOutcome.Claimed, first.Outcome);
        Assert.Equal(ClaimOutcome.AlreadyUsed, second.Outcome);
        Assert.True(await _media.ObjectExistsAsync(user, slot.UploadId)); // still the first claim's object
    }

    [Fact]
    public async Task Concurrent_claims_of_one_upload_succeed_exactly_once()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg());

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => _media.ClaimAsync(user, slot.UploadId))));

        Assert.Single(claims, c => c.Succeeded);
        Assert.All(claims.Where(c => !c.Succeeded), c => Assert.Equal(ClaimOutcome.AlreadyUsed, c.Outcome));
    }

    [Fact]
    public async Task A_claim_whose_transaction_rolls_back_leaves_the_upload_pending()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg());

        await using (var conn = await _media.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var claim = await _media.Uploads.ClaimAsync(conn, tx, user.Id, slot.UploadId, MediaPurpose.Post, CancellationToken.None);
            Assert.True(claim.Succeeded);
            await tx.RollbackAsync(); // e.g. the post insert failed
        }

        Assert.Equal("pending", await _media.StatusInDatabaseAsync(slot.UploadId));
        Assert.Equal(ClaimOutcome.Claimed, (await _media.ClaimAsync(user, slot.UploadId)).Outcome);
    }

    [Fact]
    public async Task Claim_before_upload_says_not_uploaded_and_keeps_the_slot()
    {
        var user = await _media.NewUserAsync();
        var slot = await _media.CreateSlotAsync(user, "post", "image/jpeg", 2048);

        var early = await _media.ClaimAsync(user, slot.UploadId);
        await _media.UploadAsync(slot, MediaSamples.Jpeg(2048));
        var later = await _media.ClaimAsync(user, slot.UploadId);

        Assert.Equal(ClaimOutcome.NotUploaded, early.Outcome);
        Assert.Equal(ClaimOutcome.Claimed, later.Outcome);
    }

    [Fact]
    public async Task An_upload_for_one_purpose_cannot_be_used_for_another()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "avatar", "image/jpeg", MediaSamples.Jpeg());

        var claim = await _media.ClaimAsync(user, slot.UploadId, MediaPurpose.Post);

        Assert.Equal(ClaimOutcome.WrongPurpose, claim.Outcome);
        Assert.Equal("pending", await _media.StatusInDatabaseAsync(slot.UploadId));
    }

    [Fact]
    public async Task Upload_url_with_a_tampered_signature_or_path_is_refused_and_stores_nothing()
    {
        var user = await _media.NewUserAsync();
        var other = await _media.NewUserAsync();
        var bytes = MediaSamples.Jpeg();
        var slot = await _media.CreateSlotAsync(user, "post", "image/jpeg", bytes.Length);
        var otherSlot = await _media.CreateSlotAsync(other, "post", "image/jpeg", bytes.Length);
        var url = slot.UploadUrl.AbsoluteUri;

        var badSignature = await _media.UploadAsync(slot, bytes, new Uri(MediaUrls.TamperSignature(url)));
        var otherObject = await _media.UploadAsync(slot, bytes, new Uri(otherSlot.UploadUrl.GetLeftPart(UriPartial.Path) + slot.UploadUrl.Query));
        var biggerCap = await _media.UploadAsync(slot, bytes, new Uri(url.Replace($"max={bytes.Length}", $"max={bytes.Length * 10}")));
        var otherType = await _media.UploadAsync(slot.UploadUrl, "PUT", new Dictionary<string, string> { ["Content-Type"] = "text/html" }, bytes);

        foreach (var response in new[] { badSignature, otherObject, biggerCap, otherType })
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.False(await _media.ObjectExistsAsync(user, slot.UploadId));
        Assert.False(await _media.ObjectExistsAsync(other, otherSlot.UploadId));
    }

    [Fact]
    public async Task Upload_larger_than_declared_is_refused_and_stores_nothing()
    {
        var user = await _media.NewUserAsync();
        var slot = await _media.CreateSlotAsync(user, "post", "image/jpeg", 1000);

        var response = await _media.UploadAsync(slot, MediaSamples.Jpeg(1001));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.False(await _media.ObjectExistsAsync(user, slot.UploadId));
        Assert.Equal(ClaimOutcome.NotUploaded, (await _media.ClaimAsync(user, slot.UploadId)).Outcome);
    }

    [Fact]
    public async Task Upload_url_is_write_once()
    {
        var user = await _media.NewUserAsync();
        var (slot, bytes) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg(1500));

        var overwrite = await _media.UploadAsync(slot, MediaSamples.Script(1500));

        await overwrite.AssertProblemAsync(HttpStatusCode.Conflict);
        var claim = await _media.ClaimAsync(user, slot.UploadId);
        Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);
        var stored = await _media.Store.InspectAsync(claim.Media!.ObjectName, 16, CancellationToken.None);
        Assert.Equal(bytes[..16], stored!.Head);
    }

    [Fact]
    public async Task Upload_bigger_than_the_hosts_default_body_limit_is_accepted()
    {
        var user = await _media.NewUserAsync();
        var (slot, bytes) = await _media.UploadedAsync(user, "post", "video/mp4", MediaSamples.Mp4(3 * 1024 * 1024 + 17));

        var claim = await _media.ClaimAsync(user, slot.UploadId);

        Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(bytes.Length, claim.Media!.Size);
    }

    [Fact]
    public async Task Read_url_needs_a_valid_signature()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg());
        var claim = await _media.ClaimAsync(user, slot.UploadId);
        var read = (await _media.Uploads.CreateReadUrlAsync(claim.Media!.ObjectName, "image/jpeg", CancellationToken.None)).Url.AbsoluteUri;

        var unsigned = await app.Client.GetAsync(read.Split('?')[0]);
        var tampered = await app.Client.GetAsync(MediaUrls.TamperSignature(read));
        Assert.Contains("ct=image%2Fjpeg", read);
        var retyped = await app.Client.GetAsync(read.Replace("image%2Fjpeg", "text%2Fhtml"));
        var uploadUrlAsRead = await app.Client.GetAsync(slot.UploadUrl);

        foreach (var response in new[] { unsigned, tampered, retyped, uploadUrlAsRead })
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(read)).StatusCode);
    }

    private async Task<string?> StatusOverHttpAsync(TestUser user, Guid uploadId)
    {
        var response = await _media.SendAsync(HttpMethod.Get, $"/api/v1/media/uploads/{uploadId}", user);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    /// <summary>The status code a feature would answer with for a failed claim.</summary>
    private async Task<int> StatusOfProblemAsync(UploadClaim claim)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = app.Services };
        context.Response.Body = new MemoryStream();
        await claim.ToProblem().ExecuteAsync(context);
        return context.Response.StatusCode;
    }

    /// <summary>What the claim measures of each <see cref="Sample"/>: Skia's 24×16 photos, a 4032×3024 HEIC, a 10-second 1280×720 movie.</summary>
    private static MediaFacts Measured(string contentType) => contentType switch
    {
        "image/heic" => new MediaFacts(4032, 3024, null),
        "video/mp4" or "video/quicktime" => new MediaFacts(1280, 720, 10),
        "audio/mp4" => new MediaFacts(null, null, 12),
        _ => new MediaFacts(24, 16, null),
    };

    private static byte[] Sample(string contentType) => contentType switch
    {
        "image/jpeg" => MediaSamples.Jpeg(),
        "image/png" => MediaSamples.Png(),
        "image/webp" => MediaSamples.WebP(),
        "image/heic" => MediaSamples.Heic(),
        "video/mp4" => MediaSamples.Mp4(),
        "audio/mp4" => MediaSamples.M4a(),
        _ => MediaSamples.QuickTime(),
    };
}
