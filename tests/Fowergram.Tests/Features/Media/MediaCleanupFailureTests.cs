using Dapper;
using Fowergram.Features.Media;
using Fowergram.Platform.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// One object the store refuses to delete (a lease, a retention policy) must not stop the clean-up of the others. The lists are
/// oldest first, so before, the job threw at that object on every run and nothing behind it was ever deleted.
/// </summary>
public sealed class MediaCleanupFailureTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan PastExpiryAndGrace = TimeSpan.FromMinutes(16);
    private readonly MediaClient _media = new(scratch.App);

    [Fact]
    public async Task An_object_the_store_refuses_is_passed_over_and_retried_after_its_back_off_while_the_rest_are_deleted()
    {
        var user = await _media.NewUserAsync();
        var (stuck, _) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg());
        var others = new List<Slot>();
        for (var i = 0; i < 3; i++) others.Add((await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg())).Slot);
        var store = new RefusingStore(_media.Store, await ObjectNameAsync(stuck.UploadId));
        var job = new MediaCleanupJob(_media.Db, store, scratch.App.Services.GetRequiredService<MediaDeleteFailures>(),
            scratch.App.Services.GetRequiredService<IOptions<MediaOptions>>(), NullLogger<MediaCleanupJob>.Instance);
        scratch.App.Clock.Advance(PastExpiryAndGrace);
        var now = scratch.App.Clock.GetUtcNow();

        await job.RunAsync(now, CancellationToken.None);

        foreach (var slot in others) Assert.False(await _media.ObjectExistsAsync(user, slot.UploadId));
        Assert.True(await _media.ObjectExistsAsync(user, stuck.UploadId));
        Assert.Equal(3, await DeletedMarksAsync(user.Id));

        store.Refusing = false;
        await job.RunAsync(now + job.Interval, CancellationToken.None);

        Assert.False(await _media.ObjectExistsAsync(user, stuck.UploadId));
        Assert.Equal(4, await DeletedMarksAsync(user.Id));
    }

    private async Task<string> ObjectNameAsync(Guid uploadId)
    {
        await using var conn = await _media.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("SELECT blob_name FROM uploads WHERE id = @uploadId", new { uploadId }) ?? "";
    }

    private async Task<int> DeletedMarksAsync(Guid userId)
    {
        await using var conn = await _media.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM uploads WHERE user_id = @userId AND object_deleted_at IS NOT NULL", new { userId });
    }
}
