using System.Net;
using Dapper;
using Fowergram.Features.Media;
using Fowergram.Features.Stories;
using Fowergram.Platform.Data;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// What becomes of a refused delete's record (docs/media.md "Refused deletes") when its subject stops being due (a story put
/// in a highlight, an upload whose object went by other means), when a moderator retries it, when a story's first object went
/// before the refusal, and when the store refuses the delete of a rejected upload during its claim. Each job here is built
/// over <see cref="RefusingStore"/>; the clock moves weeks, so the class has a database of its own.
/// </summary>
public sealed class RefusedDeleteRecordsTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan PastExpiryAndGrace = TimeSpan.FromMinutes(16);
    private readonly MediaClient _media = new(scratch.App);
    private readonly PostsClient _posts = new(scratch.App);
    private readonly StoryClient _stories = new(scratch.App);
    private TestClock Clock => scratch.App.Clock;
    private MediaDeleteFailures Failures => scratch.App.Services.GetRequiredService<MediaDeleteFailures>();

    [Fact]
    public async Task An_expired_story_put_in_a_highlight_after_a_refusal_keeps_its_media_and_its_record_is_neither_listed_nor_retried_from_then_on()
    {
        var owner = await _stories.NewUserAsync();
        var (story, _) = await _stories.CreateStoryAsync(owner);
        var blob = await _stories.ScalarAsync<string>("SELECT blob_name FROM stories WHERE id = @story", new { story });
        var store = new RefusingStore(_media.Store, blob);
        Clock.Advance(TimeSpan.FromDays(32)); // expired, and past Stories:ExpiredMediaGrace: due
        await StoryJob(store).RunAsync(Clock.GetUtcNow(), CancellationToken.None);
        var record = await RecordIdAsync("story-expiry", story);
        var moderator = await _posts.ModeratorAsync();
        var listedWhileDue = await ListedAsync(moderator);

        var highlight = await _stories.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner, new { title = "Keep", storyIds = new[] { story } });
        var listedOnceWanted = await ListedAsync(moderator);
        var retry = await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/media-deletes/{record}/retry", moderator);
        var rowUntilTheJob = await RecordIdAsync("story-expiry", story);
        store.Refusing = false;
        Clock.Advance(TimeSpan.FromDays(2));
        await StoryJob(store).RunAsync(Clock.GetUtcNow(), CancellationToken.None);

        Assert.NotNull(record);
        Assert.Contains(record!.Value, listedWhileDue);
        Assert.Equal(HttpStatusCode.Created, highlight.StatusCode);
        // Before: listed, and retried (200, made due for nothing) until story-expiry's next run forgot it.
        Assert.DoesNotContain(record.Value, listedOnceWanted);
        await retry.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(record, rowUntilTheJob); // the row itself is the job's to forget
        Assert.True(await _media.Store.InspectAsync(blob, 1, CancellationToken.None) is not null); // the highlight's media are whole
        Assert.Null(await _stories.ScalarAsync<DateTimeOffset?>("SELECT media_deleted_at FROM stories WHERE id = @story", new { story }));
        Assert.Null(await RecordIdAsync("story-expiry", story));
        Assert.Equal(1, store.Attempts);
    }

    [Fact]
    public async Task A_story_whose_first_object_went_before_a_refusal_is_marked_so_no_highlight_takes_it_and_the_object_left_goes_later()
    {
        var owner = await _stories.NewUserAsync();
        var (story, _) = await _stories.CreateStoryAsync(owner);
        var blob = await _stories.ScalarAsync<string>("SELECT blob_name FROM stories WHERE id = @story", new { story });
        // A second object of the owner's as the story's thumbnail (the API writes none; imported rows may).
        var cover = await _stories.UploadAsync(owner, "cover");
        var thumbnail = await _stories.ScalarAsync<string>("SELECT blob_name FROM uploads WHERE id = @cover", new { cover });
        await _stories.ExecAsync("UPDATE stories SET thumbnail_blob_name = @thumbnail WHERE id = @story", new { thumbnail, story });
        var store = new RefusingStore(_media.Store, thumbnail);
        Clock.Advance(TimeSpan.FromDays(32));
        await StoryJob(store).RunAsync(Clock.GetUtcNow(), CancellationToken.None);
        var marked = await _stories.ScalarAsync<bool>("SELECT media_deleted_at IS NOT NULL FROM stories WHERE id = @story", new { story });
        var highlight = await _stories.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner, new { title = "Broken", storyIds = new[] { story } });
        var kept = await RecordIdAsync("story-expiry", story);

        store.Refusing = false;
        Clock.Advance(TimeSpan.FromHours(1));
        await StoryJob(store).RunAsync(Clock.GetUtcNow(), CancellationToken.None);

        Assert.True(await _media.Store.InspectAsync(blob, 1, CancellationToken.None) is null);
        Assert.True(marked); // before, it stayed unmarked with its picture gone, and a highlight took it
        Assert.Equal(HttpStatusCode.Conflict, highlight.StatusCode);
        Assert.NotNull(kept); // the object left is still the job's
        Assert.True(await _media.Store.InspectAsync(thumbnail, 1, CancellationToken.None) is null);
        Assert.Null(await RecordIdAsync("story-expiry", story));
    }

    [Fact]
    public async Task A_story_whose_first_delete_failed_after_the_store_took_the_object_is_marked_and_no_refusal_is_recorded()
    {
        var owner = await _stories.NewUserAsync();
        var (story, _) = await _stories.CreateStoryAsync(owner);
        var blob = await _stories.ScalarAsync<string>("SELECT blob_name FROM stories WHERE id = @story", new { story });
        var cover = await _stories.UploadAsync(owner, "cover");
        var thumbnail = await _stories.ScalarAsync<string>("SELECT blob_name FROM uploads WHERE id = @cover", new { cover });
        await _stories.ExecAsync("UPDATE stories SET thumbnail_blob_name = @thumbnail WHERE id = @story", new { thumbnail, story });
        var store = new RefusingStore(_media.Store, blob) { DeletesBeforeFailing = true };
        Clock.Advance(TimeSpan.FromDays(32));
        await StoryJob(store).RunAsync(Clock.GetUtcNow(), CancellationToken.None);
        var highlight = await _stories.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner, new { title = "Broken", storyIds = new[] { story } });

        Assert.True(await _media.Store.InspectAsync(blob, 1, CancellationToken.None) is null);
        Assert.True(await _media.Store.InspectAsync(thumbnail, 1, CancellationToken.None) is null); // not found is deleted: it went on
        // Before: the story stayed unmarked without its picture, its refusal recorded, and a highlight took it.
        Assert.True(await _stories.ScalarAsync<bool>("SELECT media_deleted_at IS NOT NULL FROM stories WHERE id = @story", new { story }));
        Assert.Null(await RecordIdAsync("story-expiry", story));
        Assert.Equal(HttpStatusCode.Conflict, highlight.StatusCode);
    }

    [Fact]
    public async Task An_upload_whose_delete_failed_after_the_store_took_the_object_is_cleaned_at_once()
    {
        var (_, upload, refusing) = await StuckUploadAsync();
        var store = new RefusingStore(_media.Store, refusing.Refused) { DeletesBeforeFailing = true };
        Clock.Advance(PastExpiryAndGrace); // the slot was never claimed: expired, its object due
        await UploadJob(store, Failures).RunAsync(Clock.GetUtcNow(), CancellationToken.None);

        Assert.Null(await RecordIdAsync("media-cleanup", upload)); // before: recorded, and tried again after its back-off
        Assert.True(await _posts.ScalarAsync<bool>("SELECT object_deleted_at IS NOT NULL FROM uploads WHERE id = @upload", new { upload }));
    }

    [Fact]
    public async Task An_upload_whose_object_went_by_other_means_loses_its_record_and_is_not_tried_again()
    {
        var (_, upload, store) = await StuckUploadAsync();
        Clock.Advance(PastExpiryAndGrace);
        await UploadJob(store, Failures).RunAsync(Clock.GetUtcNow(), CancellationToken.None);
        var recorded = await RecordIdAsync("media-cleanup", upload);
        // As post-media-cleanup marks a deleted post's uploads once it deleted their objects itself.
        await _posts.ExecuteAsync("UPDATE uploads SET object_deleted_at = @now WHERE id = @upload", new { now = Clock.GetUtcNow(), upload });
        var listed = await ListedAsync(await _posts.ModeratorAsync());
        Clock.Advance(TimeSpan.FromDays(1));
        await UploadJob(store, Failures).RunAsync(Clock.GetUtcNow(), CancellationToken.None);

        Assert.NotNull(recorded);
        Assert.DoesNotContain(recorded!.Value, listed); // at once, before the job's next run forgets it
        Assert.Null(await RecordIdAsync("media-cleanup", upload));
        Assert.Equal(1, store.Attempts);
    }

    [Fact]
    public async Task A_moderators_retry_gives_a_fresh_round_of_attempts_so_one_more_refusal_backs_off_instead_of_giving_up()
    {
        var (_, upload, store) = await StuckUploadAsync();
        var log = new RecordingLogger<MediaDeleteFailures>();
        var job = UploadJob(store, new MediaDeleteFailures(Options.Create(new MediaOptions { DeleteMaxAttempts = 3 }), log));
        Clock.Advance(PastExpiryAndGrace);
        for (var run = 0; run < 3; run++, Clock.Advance(TimeSpan.FromDays(1))) await job.RunAsync(Clock.GetUtcNow(), CancellationToken.None);
        var record = (await RecordIdAsync("media-cleanup", upload))!.Value;
        var moderator = await _posts.ModeratorAsync();

        var retried = await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/media-deletes/{record}/retry", moderator)).ReadJsonAsync();
        await job.RunAsync(Clock.GetUtcNow(), CancellationToken.None); // refused once more
        var after = await _posts.QueryAsync<(int Attempts, bool Dead, bool Due)>(
            "SELECT attempts, dead_at IS NOT NULL, next_attempt_at IS NOT NULL FROM media_delete_failures WHERE id = @record", new { record });

        Assert.Equal(0, retried.GetProperty("attempts").GetInt32());
        Assert.Equal((1, false, true), after.Single()); // before: attempts 4, given up again at once
        Assert.Equal((4, 1), (store.Attempts, log.Count(LogLevel.Critical)));
    }

    [Fact]
    public async Task A_rejected_upload_whose_delete_the_store_refuses_is_still_a_rejection_and_media_cleanup_deletes_its_object_later()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Png()); // not a JPEG
        var name = await _posts.ScalarAsync<string>("SELECT blob_name FROM uploads WHERE id = @id", new { id = slot.UploadId });
        var store = new RefusingStore(_media.Store, name);
        var services = scratch.App.Services;
        var uploads = new MediaUploads(_media.Db, services.GetRequiredService<SideWrites>(), store, Clock, services.GetRequiredService<ReadUrlCache>(),
            services.GetRequiredService<IOptions<MediaOptions>>(), NullLogger<MediaUploads>.Instance);

        var claim = await uploads.ClaimAsync(user.Id, slot.UploadId, MediaPurpose.Post, CancellationToken.None); // before: the refusal escaped (a 500)
        var (status, kept) = (await _media.StatusInDatabaseAsync(slot.UploadId), await _media.ObjectExistsAsync(user, slot.UploadId));
        Clock.Advance(PastExpiryAndGrace);
        await UploadJob(store, Failures).RunAsync(Clock.GetUtcNow(), CancellationToken.None);
        var recorded = await RecordIdAsync("media-cleanup", slot.UploadId);
        store.Refusing = false;
        Clock.Advance(TimeSpan.FromHours(1));
        await UploadJob(store, Failures).RunAsync(Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(ClaimOutcome.Rejected, claim.Outcome);
        Assert.Equal(("rejected", true), (status, kept));
        Assert.NotNull(recorded);
        Assert.False(await _media.ObjectExistsAsync(user, slot.UploadId));
        Assert.Null(await RecordIdAsync("media-cleanup", slot.UploadId));
    }

    private StoryExpiryJob StoryJob(RefusingStore store) => new(_media.Db, store, Failures,
        scratch.App.Services.GetRequiredService<IOptions<StoryOptions>>(), scratch.App.Services.GetServices<IExpirySweep>(), NullLogger<StoryExpiryJob>.Instance);

    private MediaCleanupJob UploadJob(RefusingStore store, MediaDeleteFailures failures) => new(_media.Db, store, failures,
        scratch.App.Services.GetRequiredService<IOptions<MediaOptions>>(), NullLogger<MediaCleanupJob>.Instance);

    private async Task<(TestUser User, Guid Upload, RefusingStore Store)> StuckUploadAsync()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg());
        var name = await _posts.ScalarAsync<string>("SELECT blob_name FROM uploads WHERE id = @id", new { id = slot.UploadId });
        return (user, slot.UploadId, new RefusingStore(_media.Store, name));
    }

    private async Task<Guid?> RecordIdAsync(string job, Guid subjectId)
    {
        await using var conn = await _media.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<Guid?>("SELECT id FROM media_delete_failures WHERE job = @job AND subject_id = @subjectId", new { job, subjectId });
    }

    private async Task<List<Guid>> ListedAsync(TestUser moderator) =>
        (await _posts.WholeQueueAsync("/api/v1/moderation/media-deletes", moderator)).Select(i => i.GetProperty("id").GetGuid()).ToList();
}
