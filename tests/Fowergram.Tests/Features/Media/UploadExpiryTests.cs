using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fowergram.Platform.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Media;

/// <summary>Expiry through a host of its own, whose clock these tests move.</summary>
public sealed class UploadExpiryTests(OwnClockApp host) : IClassFixture<OwnClockApp>
{
    private readonly FowergramApp _app = host.App;
    private static readonly TimeSpan PastExpiry = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1);
    private readonly MediaClient _media = new(host.App);

    [Fact]
    public async Task Expired_slot_is_refused_at_claim_even_before_the_clean_up_job_runs()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg());

        _app.Clock.Advance(PastExpiry);
        var claim = await _media.ClaimAsync(user, slot.UploadId);

        Assert.Equal(ClaimOutcome.Expired, claim.Outcome);
        var status = await _media.SendAsync(HttpMethod.Get, $"/api/v1/media/uploads/{slot.UploadId}", user);
        Assert.Equal("expired", (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Slot_is_still_claimable_just_before_expiry()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg());

        _app.Clock.Advance(slot.ExpiresAt - _app.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));

        Assert.Equal(ClaimOutcome.Claimed, (await _media.ClaimAsync(user, slot.UploadId)).Outcome);
    }

    [Fact]
    public async Task Upload_after_expiry_is_refused_and_stores_nothing()
    {
        var user = await _media.NewUserAsync();
        var slot = await _media.CreateSlotAsync(user, "post", "image/jpeg", 2048);

        _app.Clock.Advance(PastExpiry);
        var put = await _media.UploadAsync(slot, MediaSamples.Jpeg(2048));

        var problem = await put.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("expired", problem.GetProperty("detail").GetString());
        Assert.False(await _media.ObjectExistsAsync(user, slot.UploadId));
    }

    [Fact]
    public async Task Read_url_works_until_it_expires()
    {
        var user = await _media.NewUserAsync();
        var (slot, bytes) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg());
        var claim = await _media.ClaimAsync(user, slot.UploadId);
        var read = await _media.Uploads.CreateReadUrlAsync(claim.Media!.ObjectName, "image/jpeg", CancellationToken.None);
        Assert.InRange(read.ExpiresAt - _app.Clock.GetUtcNow(), TimeSpan.FromMinutes(1), MediaOptions.MaxUrlLifetime);

        _app.Clock.Advance(read.ExpiresAt - _app.Clock.GetUtcNow() - TimeSpan.FromSeconds(2));
        var before = await _app.Client.GetAsync(read.Url);
        _app.Clock.Advance(TimeSpan.FromSeconds(3));
        var after = await _app.Client.GetAsync(read.Url);

        Assert.Equal(bytes, await before.Content.ReadAsByteArrayAsync());
        await after.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Expired_slots_no_longer_count_against_the_pending_cap()
    {
        var user = await _media.NewUserAsync();
        for (var i = 0; i < 20; i++) await _media.CreateSlotAsync(user, "message", "image/png", 10);
        var refused = await _media.RequestSlotAsync(user, new { purpose = "message", contentType = "image/png", size = 10 });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        _app.Clock.Advance(PastExpiry);
        var fresh = _media.WithFreshToken(user);

        await _media.CreateSlotAsync(fresh, "message", "image/png", 10);
    }
}
