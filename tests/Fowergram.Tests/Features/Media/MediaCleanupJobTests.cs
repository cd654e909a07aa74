using Dapper;
using Fowergram.Features.Media;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Media;

public sealed class MediaCleanupJobTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan PastExpiry = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);
    private readonly MediaClient _media = new(scratch.App);

    private IScheduledJob Job => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "media-cleanup");
    private Task RunJobAsync() => Job.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);

    [Fact]
    public void Job_is_registered_with_a_schedule_for_both_hosts()
    {
        Assert.IsType<MediaCleanupJob>(Job);
        Assert.Equal("0 */5 * * * *", Job.Schedule);
        Assert.Equal(TimeSpan.FromMinutes(5), Job.Interval);
    }

    [Fact]
    public async Task Expired_slots_are_marked_and_their_objects_deleted_once_the_url_is_dead()
    {
        var user = await _media.NewUserAsync();
        var (uploaded, _) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg());
        var empty = await _media.CreateSlotAsync(user, "post", "image/jpeg", 100);
        var (used, _) = await _media.UploadedAsync(user, "post", "image/png", MediaSamples.Png());
        Assert.True((await _media.ClaimAsync(user, used.UploadId)).Succeeded);

        scratch.App.Clock.Advance(PastExpiry);
        await RunJobAsync();

        Assert.Equal(("expired", "expired", "used"), (await _media.StatusInDatabaseAsync(uploaded.UploadId),
            await _media.StatusInDatabaseAsync(empty.UploadId), await _media.StatusInDatabaseAsync(used.UploadId)));
        Assert.True(await _media.ObjectExistsAsync(user, uploaded.UploadId)); // within the clock-skew grace

        scratch.App.Clock.Advance(Grace);
        await RunJobAsync();

        Assert.False(await _media.ObjectExistsAsync(user, uploaded.UploadId));
        Assert.True(await _media.ObjectExistsAsync(user, used.UploadId));
        Assert.Equal(2, await DeletedMarksAsync(user.Id));
    }

    [Fact]
    public async Task Running_twice_concurrently_or_again_changes_nothing_more()
    {
        var user = await _media.NewUserAsync();
        var slots = new List<Slot>();
        for (var i = 0; i < 5; i++) slots.Add((await _media.UploadedAsync(user, "story", "image/jpeg", MediaSamples.Jpeg())).Slot);

        scratch.App.Clock.Advance(PastExpiry + Grace);
        await Task.WhenAll(RunJobAsync(), RunJobAsync());
        var first = await SnapshotAsync(user.Id);
        await RunJobAsync();

        Assert.Equal(first, await SnapshotAsync(user.Id));
        Assert.All(first, row => Assert.Equal("expired", row.Status));
        foreach (var slot in slots) Assert.False(await _media.ObjectExistsAsync(user, slot.UploadId, "story"));
    }

    [Fact]
    public async Task Bytes_put_again_through_a_rejected_slots_live_url_are_deleted_after_expiry()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Script());
        Assert.Equal(ClaimOutcome.Rejected, (await _media.ClaimAsync(user, slot.UploadId)).Outcome);
        Assert.True((await _media.UploadAsync(slot, MediaSamples.Script())).IsSuccessStatusCode); // the URL lives until expiry

        await RunJobAsync();
        Assert.True(await _media.ObjectExistsAsync(user, slot.UploadId));
        scratch.App.Clock.Advance(PastExpiry + Grace);
        await RunJobAsync();

        Assert.False(await _media.ObjectExistsAsync(user, slot.UploadId));
        Assert.Equal("rejected", await _media.StatusInDatabaseAsync(slot.UploadId));
        Assert.Equal(ClaimOutcome.Rejected, (await _media.ClaimAsync(user, slot.UploadId)).Outcome);
    }

    [Fact]
    public async Task A_replaced_profile_photo_is_deleted_after_the_grace_and_the_current_one_kept()
    {
        var user = await _media.NewUserAsync();
        var (old, _) = await _media.UploadedAsync(user, "avatar", "image/jpeg", MediaSamples.Jpeg());
        var (current, _) = await _media.UploadedAsync(user, "avatar", "image/png", MediaSamples.Png());
        foreach (var slot in new[] { old, current })
            await (await scratch.App.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/avatar", new { uploadId = slot.UploadId }, user.Token)).ReadJsonAsync();

        await RunJobAsync();
        Assert.True(await _media.ObjectExistsAsync(user, old.UploadId, "avatar")); // within the grace
        scratch.App.Clock.Advance(Grace);
        await RunJobAsync();
        await RunJobAsync();

        Assert.False(await _media.ObjectExistsAsync(user, old.UploadId, "avatar"));
        Assert.True(await _media.ObjectExistsAsync(user, current.UploadId, "avatar"));
        Assert.Equal(1, await DeletedMarksAsync(user.Id));
    }

    private async Task<int> DeletedMarksAsync(Guid userId)
    {
        await using var conn = await _media.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM uploads WHERE user_id = @userId AND object_deleted_at IS NOT NULL", new { userId });
    }

    private async Task<List<(Guid Id, string Status, long? ActualSize, DateTime? ObjectDeletedAt)>> SnapshotAsync(Guid userId)
    {
        await using var conn = await _media.Db.OpenConnectionAsync();
        return (await conn.QueryAsync<(Guid, string, long?, DateTime?)>(
            "SELECT id, status, actual_size, object_deleted_at FROM uploads WHERE user_id = @userId ORDER BY id", new { userId })).ToList();
    }
}
