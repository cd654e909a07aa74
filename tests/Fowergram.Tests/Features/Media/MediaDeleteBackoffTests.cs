using System.Net;
using Dapper;
using Fowergram.Features.Media;
using Fowergram.Platform.Media;
using Fowergram.Platform.Telemetry;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// A delete the store keeps refusing (a lease, a retention policy) is recorded, tried again after a doubling wait, given up
/// after Media:DeleteMaxAttempts (once Critical, counted), listed for moderators and retried at their word (docs/media.md
/// "Refused deletes"). Before, it was tried and logged as an error on every run, forever, and nothing listed it.
/// </summary>
public sealed class MediaDeleteBackoffTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan PastExpiryAndGrace = TimeSpan.FromMinutes(16);
    private readonly MediaClient _media = new(scratch.App);
    private readonly PostsClient _posts = new(scratch.App);
    private TestClock Clock => scratch.App.Clock;

    private sealed record Record(Guid Id, string Job, Guid SubjectId, string ObjectName, int Attempts, double NextAfterFirstMinutes,
        double LastAfterFirstMinutes, bool Dead, string LastError);

    [Fact]
    public async Task A_refused_delete_is_recorded_and_tried_again_only_once_its_doubling_wait_is_over()
    {
        var (user, stuck, store) = await StuckUploadAsync();
        var job = Job(store, scratch.App.Services.GetRequiredService<MediaDeleteFailures>());
        Clock.Advance(PastExpiryAndGrace);
        var t0 = Clock.GetUtcNow();
        var attempts = new List<int>();
        foreach (var minutes in new[] { 0, 2, 5, 10, 15 })
        {
            await job.RunAsync(t0 + TimeSpan.FromMinutes(minutes), CancellationToken.None);
            attempts.Add(store.Attempts);
        }
        var record = await RecordOfAsync(stuck);

        Assert.Equal([1, 1, 2, 2, 3], attempts); // at 2 and 10 minutes it waits; the wait doubles: 2.5, then 7.5, then 17.5 minutes
        Assert.Equal(("media-cleanup", stuck, store.Refused, 3, 32.5, 15.0, false),
            (record!.Job, record.SubjectId, record.ObjectName, record.Attempts, record.NextAfterFirstMinutes, record.LastAfterFirstMinutes, record.Dead));
        Assert.Equal($"IOException: The store refused to delete {store.Refused}.", record.LastError);
        Assert.True(await _media.ObjectExistsAsync(user, stuck));
    }

    [Fact]
    public async Task After_the_last_attempt_it_is_given_up_said_once_and_counted_until_a_moderator_retries_it_and_the_delete_clears_it()
    {
        var (user, stuck, store) = await StuckUploadAsync();
        var log = new RecordingLogger<MediaDeleteFailures>();
        var job = Job(store, new MediaDeleteFailures(Options.Create(new MediaOptions { DeleteMaxAttempts = 3 }), log));
        using var meter = new MeterMeasurements(FowergramTelemetry.JobTag, MediaCleanupJob.JobName);
        Clock.Advance(PastExpiryAndGrace);
        for (var run = 0; run < 6; run++, Clock.Advance(TimeSpan.FromDays(1))) await job.RunAsync(Clock.GetUtcNow(), CancellationToken.None);
        var (given, tries) = (await RecordOfAsync(stuck), store.Attempts);
        var moderator = await _posts.ModeratorAsync();
        var dead = await ListedAsync(moderator, "dead");
        var retrying = await ListedAsync(moderator, "retrying");

        var retried = await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/media-deletes/{given!.Id}/retry", moderator)).ReadJsonAsync();
        store.Refusing = false;
        await job.RunAsync(Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal((3, 3, true), (tries, given.Attempts, given.Dead)); // three runs tried, the three after did not
        Assert.Equal((1, 2), (log.Count(LogLevel.Critical), log.Count(LogLevel.Warning)));
        Assert.Equal(1, meter.Sum("fowergram.media.delete_failures", FowergramTelemetry.OutcomeTag, "dead"));
        Assert.Contains(given.Id, dead);
        Assert.DoesNotContain(given.Id, retrying);
        Assert.Equal(("retrying", "upload", stuck), (retried.GetProperty("state").GetString(), retried.GetProperty("subjectType").GetString(),
            retried.GetProperty("subjectId").GetGuid()));
        Assert.False(await _media.ObjectExistsAsync(user, stuck));
        Assert.Null(await RecordOfAsync(stuck));
        Assert.True(await _posts.ScalarAsync<bool>("SELECT object_deleted_at IS NOT NULL FROM uploads WHERE id = @stuck", new { stuck }));
        Assert.Equal(HttpStatusCode.NotFound, (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/media-deletes/{given.Id}/retry", moderator)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_state_filter_is_a_400_naming_it()
    {
        var moderator = await _posts.ModeratorAsync();
        var response = await _posts.SendAsync(HttpMethod.Get, "/api/v1/moderation/media-deletes?state=stuck", moderator);
        Assert.Contains("state", (await response.ReadJsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    private MediaCleanupJob Job(RefusingStore store, MediaDeleteFailures failures) => new(_media.Db, store, failures,
        scratch.App.Services.GetRequiredService<IOptions<MediaOptions>>(), NullLogger<MediaCleanupJob>.Instance);

    private async Task<(TestUser User, Guid Upload, RefusingStore Store)> StuckUploadAsync()
    {
        var user = await _media.NewUserAsync();
        var (slot, _) = await _media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg());
        var name = await _posts.ScalarAsync<string>("SELECT blob_name FROM uploads WHERE id = @id", new { id = slot.UploadId });
        return (user, slot.UploadId, new RefusingStore(_media.Store, name));
    }

    private async Task<Record?> RecordOfAsync(Guid subjectId)
    {
        await using var conn = await _media.Db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<Record>("""
            SELECT id AS "Id", job AS "Job", subject_id AS "SubjectId", object_name AS "ObjectName", attempts AS "Attempts",
                   coalesce(EXTRACT(EPOCH FROM next_attempt_at - first_failed_at) / 60, -1)::float8 AS "NextAfterFirstMinutes",
                   (EXTRACT(EPOCH FROM last_failed_at - first_failed_at) / 60)::float8 AS "LastAfterFirstMinutes",
                   dead_at IS NOT NULL AS "Dead", last_error AS "LastError"
              FROM media_delete_failures WHERE subject_id = @subjectId
            """, new { subjectId });
    }

    private async Task<List<Guid>> ListedAsync(TestUser moderator, string state) =>
        (await _posts.WholeQueueAsync($"/api/v1/moderation/media-deletes?state={state}", moderator)).Select(i => i.GetProperty("id").GetGuid()).ToList();
}
