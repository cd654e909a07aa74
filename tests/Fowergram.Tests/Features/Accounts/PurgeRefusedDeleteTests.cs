using Fowergram.Features.Accounts;
using Fowergram.Features.Media;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// An account purge and an object the store refuses to delete (docs/media.md "Refused deletes"): the person's rows go once the
/// refusal is recorded, the record stays listed with the object's name, and media-cleanup goes on at the object without the
/// upload row. Before, the purge waited on the object, so a leased blob kept every row of the person until a retry succeeded.
/// A host and database of its own: the purge takes every due account, and the clock moves a month.
/// </summary>
public sealed class PurgeRefusedDeleteTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private readonly MediaClient _media = new(scratch.App);
    private readonly PostsClient _posts = new(scratch.App);
    private TestClock Clock => scratch.App.Clock;

    [Fact]
    public async Task The_purge_removes_the_account_past_a_refused_object_which_stays_listed_and_goes_once_the_store_allows()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg());
        var name = await _posts.ScalarAsync<string>("SELECT blob_name FROM uploads WHERE id = @id", new { id = slot.UploadId });
        var store = new RefusingStore(_media.Store, name);
        var cleanup = new MediaCleanupJob(_media.Db, store, scratch.App.Services.GetRequiredService<MediaDeleteFailures>(),
            scratch.App.Services.GetRequiredService<IOptions<MediaOptions>>(), NullLogger<MediaCleanupJob>.Instance);
        var purge = scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == AccountPurgeJob.JobName);
        Clock.Advance(TimeSpan.FromMinutes(16));
        await cleanup.RunAsync(Clock.GetUtcNow(), CancellationToken.None); // refused: recorded

        await _posts.ExecuteAsync("UPDATE users SET deleted_at = @at WHERE id = @id", new { at = Clock.GetUtcNow(), id = user.Id });
        Clock.Advance(TimeSpan.FromDays(31));
        await cleanup.RunAsync(Clock.GetUtcNow(), CancellationToken.None); // refused again
        await purge.RunAsync(Clock.GetUtcNow(), CancellationToken.None);
        Clock.Advance(TimeSpan.FromHours(2));
        await purge.RunAsync(Clock.GetUtcNow(), CancellationToken.None);
        var accountLeft = await _posts.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = @id", new { id = user.Id });
        var listed = (await _posts.WholeQueueAsync("/api/v1/moderation/media-deletes", await _posts.ModeratorAsync()))
            .Where(i => i.GetProperty("subjectId").GetGuid() == slot.UploadId).Select(i => i.GetProperty("objectName").GetString()).ToList();

        store.Refusing = false;
        Clock.Advance(TimeSpan.FromDays(1));
        await cleanup.RunAsync(Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(0L, accountLeft); // before: 1, until a moderator's retry succeeded
        Assert.Equal([name], listed);
        Assert.False(await _media.ObjectExistsAsync(user, slot.UploadId));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM media_delete_failures WHERE subject_id = @id", new { id = slot.UploadId }));
    }
}
