using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Feed;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// /users/me/scheduled-reels over HTTP, and the scheduled-reels job publishing them. The job publishes every due reel of
/// the database and the tests move the clock, so the class has a database and a clock of its own (as ScheduledPostTests).
/// </summary>
public sealed class ScheduledReelTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private const string Path = "/api/v1/users/me/scheduled-reels";
    private readonly FeedWorld _w = new(host.App);
    private readonly ReelsClient _reels = new(host.App);

    private async Task<Guid> VideoAsync(TestUser user, int seconds = 12) => (await _reels.VideoAsync(user, durationSeconds: seconds)).UploadId;

    private Task<HttpResponseMessage> ScheduleAsync(TestUser user, TimeSpan ahead, string caption, Guid upload, Guid? remixOfId = null) =>
        _w.SendAsync(HttpMethod.Post, Path, user, new { publishAt = _w.Now + ahead, caption, location = "  Lisbon  ", uploadId = upload, durationSeconds = 12, remixOfId });

    private async Task<JsonElement> ScheduledAsync(TestUser user, TimeSpan ahead, string caption = "later") =>
        await (await ScheduleAsync(user, ahead, caption, await VideoAsync(user))).ReadJsonAsync(HttpStatusCode.Created);

    private Task RunJobAsync() =>
        host.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == ScheduledReelsJob.JobName).RunAsync(_w.Now, CancellationToken.None);

    /// <summary>The author's reels as <paramref name="viewer"/> sees them.</summary>
    private async Task<List<JsonElement>> ReelsOfAsync(TestUser viewer, TestUser author) =>
        (await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/users/{author.Username}/reels", viewer)).ReadJsonAsync())
        .GetProperty("items").EnumerateArray().ToList();

    private async Task<List<Guid>> ListAsync(TestUser user) =>
        (await (await _w.SendAsync(HttpMethod.Get, Path, user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
        .Select(i => i.GetProperty("id").GetGuid()).ToList();

    private async Task<List<(Guid Reel, string Text)>> SharedNoticesAsync(TestUser author) =>
        (await (await _w.SendAsync(HttpMethod.Get, "/api/v1/notifications", _w.Fresh(author))).ReadJsonAsync()).GetProperty("items").EnumerateArray()
        .Where(n => n.GetProperty("type").GetString() == "system")
        .Select(n => (n.GetProperty("entityId").GetGuid(), n.GetProperty("text").GetString()!)).ToList();

    private async Task<long> ScalarAsync(string sql, object args)
    {
        await using var conn = await _w.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    [Fact]
    public async Task A_scheduled_reel_stays_unseen_until_its_time_then_the_job_shares_it_as_posting_would()
    {
        var (author, follower) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(follower, author);
        var upload = await VideoAsync(author, seconds: 9);
        var response = await ScheduleAsync(author, TimeSpan.FromHours(1), " Soon #reelday ", upload);
        var scheduled = await response.ReadJsonAsync(HttpStatusCode.Created);
        var id = scheduled.GetProperty("id").GetGuid();

        Assert.Equal($"/api/v1/users/me/scheduled-reels/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Soon #reelday", scheduled.GetProperty("caption").GetString());
        Assert.Equal("Lisbon", scheduled.GetProperty("location").GetString());
        var video = scheduled.GetProperty("video");
        Assert.Equal(upload, video.GetProperty("uploadId").GetGuid());
        Assert.Equal(9, video.GetProperty("durationSeconds").GetInt32()); // measured, not the declared 12
        Assert.Equal(HttpStatusCode.OK, (await host.App.Client.GetAsync(video.GetProperty("url").GetString())).StatusCode);
        Assert.Equal("used", await _reels.Posts.Media.StatusInDatabaseAsync(upload));

        await RunJobAsync(); // not due yet
        await _w.DrainAsync();
        Assert.Equal([id], await ListAsync(author));
        Assert.Empty(await ReelsOfAsync(author, author));
        Assert.Empty(await ReelsOfAsync(follower, author));
        await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/reels/{id}", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM reels WHERE upload_id = @upload", new { upload }));

        host.App.Clock.Advance(TimeSpan.FromHours(1));
        await RunJobAsync();
        await _w.DrainAsync();

        Assert.Empty(await ListAsync(_w.Fresh(author)));
        var reel = Assert.Single(await ReelsOfAsync(_w.Fresh(follower), author));
        var reelId = reel.GetProperty("id").GetGuid();
        Assert.Equal("Soon #reelday", reel.GetProperty("caption").GetString());
        Assert.Equal("Lisbon", reel.GetProperty("location").GetString());
        Assert.Equal(9, reel.GetProperty("durationSeconds").GetInt32());
        Assert.Equal(_w.Now, reel.GetProperty("createdAt").GetDateTimeOffset(), TimeSpan.FromMicroseconds(1)); // shared now, not when written
        Assert.Contains(await _reels.EventsAsync(reelId), e => e.Type == ReelEvents.Created);
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM reel_hashtags rh JOIN hashtags h ON h.id = rh.hashtag_id WHERE rh.reel_id = @reelId AND h.name = 'reelday'",
            new { reelId }));
        Assert.Equal([(reelId, "Your scheduled reel was shared.")], await SharedNoticesAsync(author));
    }

    [Fact]
    public async Task Publishing_now_answers_the_reel_and_leaves_nothing_for_the_job()
    {
        var author = await _w.UserAsync();
        var id = (await ScheduledAsync(author, TimeSpan.FromDays(1), "now instead")).GetProperty("id").GetGuid();

        var response = await _w.SendAsync(HttpMethod.Post, $"{Path}/{id}/publish", author);
        var reel = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/reels/{reel.GetProperty("id").GetGuid()}", response.Headers.Location!.OriginalString);
        Assert.Equal("now instead", reel.GetProperty("caption").GetString());
        await (await _w.SendAsync(HttpMethod.Post, $"{Path}/{id}/publish", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        host.App.Clock.Advance(TimeSpan.FromDays(1));
        await RunJobAsync();
        Assert.Single(await ReelsOfAsync(_w.Fresh(author), author));
        Assert.Empty(await SharedNoticesAsync(author)); // the author shared it: nothing to tell
    }

    [Fact]
    public async Task Editing_moves_its_time_and_changes_its_text_and_a_bad_edit_changes_nothing()
    {
        var author = await _w.UserAsync();
        var id = (await ScheduledAsync(author, TimeSpan.FromHours(2), "draft")).GetProperty("id").GetGuid();
        var later = _w.Now + TimeSpan.FromDays(3);

        var edited = await (await _w.SendAsync(HttpMethod.Patch, $"{Path}/{id}", author,
            new { publishAt = later, caption = " final #launch ", location = (string?)null, commentsDisabled = true, allowRemix = false })).ReadJsonAsync();

        Assert.Equal(later, edited.GetProperty("publishAt").GetDateTimeOffset(), TimeSpan.FromMicroseconds(1));
        Assert.Equal("final #launch", edited.GetProperty("caption").GetString());
        Assert.False(edited.TryGetProperty("location", out _));
        Assert.True(edited.GetProperty("commentsDisabled").GetBoolean());
        Assert.False(edited.GetProperty("allowRemix").GetBoolean());
        var tags = string.Join(' ', Enumerable.Range(0, 31).Select(i => $"#t{i}"));
        foreach (var (body, field) in new (object, string)[]
        {
            (new { publishAt = _w.Now + TimeSpan.FromMinutes(5) }, "publishAt"), (new { publishAt = _w.Now + TimeSpan.FromDays(76) }, "publishAt"),
            (new { publishAt = "2026-12-24T18:00:00" }, "publishAt"), (new { publishAt = "tomorrow" }, "publishAt"),
            (new { publishAt = (string?)null }, "publishAt"), (new { caption = new string('a', 2201) }, "caption"), (new { caption = tags }, "caption"),
            (new { commentsDisabled = "yes" }, "commentsDisabled"), (new { location = new string('x', 101) }, "location"),
        })
            await (await _w.SendAsync(HttpMethod.Patch, $"{Path}/{id}", author, body)).AssertValidationErrorAsync(field);

        var unchanged = await (await _w.SendAsync(HttpMethod.Get, $"{Path}/{id}", author)).ReadJsonAsync();
        Assert.Equal(later, unchanged.GetProperty("publishAt").GetDateTimeOffset(), TimeSpan.FromMicroseconds(1));
        Assert.Equal("final #launch", unchanged.GetProperty("caption").GetString());
        host.App.Clock.Advance(TimeSpan.FromHours(2)); // its first time: it was moved, so it waits
        await RunJobAsync();
        Assert.Equal([id], await ListAsync(_w.Fresh(author)));
    }

    [Fact]
    public async Task Its_video_is_claimed_at_once_and_released_when_it_is_cancelled()
    {
        var author = await _w.UserAsync();
        var upload = await VideoAsync(author);
        var id = (await (await ScheduleAsync(author, TimeSpan.FromDays(2), "two days", upload)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await (await _reels.CreateAsync(author, new { uploadId = upload, durationSeconds = 12 })).AssertProblemAsync(HttpStatusCode.Conflict);
        var author2 = _w.Fresh(author);
        await (await _w.SendAsync(HttpMethod.Delete, $"{Path}/{id}", author2)).EnsureNoContentAsync();

        Assert.Empty(await ListAsync(author2));
        await (await _w.SendAsync(HttpMethod.Get, $"{Path}/{id}", author2)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Delete, $"{Path}/{id}", author2)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM uploads WHERE id = @upload AND released_at IS NOT NULL", new { upload }));
        host.App.Clock.Advance(TimeSpan.FromDays(3));
        await RunJobAsync();
        Assert.Empty(await ReelsOfAsync(_w.Fresh(author), author));
    }

    [Fact]
    public async Task A_time_too_soon_is_refused_pointing_to_sharing_at_once()
    {
        var author = await _w.UserAsync();
        var body = new { publishAt = _w.Now + TimeSpan.FromMinutes(9), uploadId = await VideoAsync(author), durationSeconds = 12 };
        var problem = await (await _w.SendAsync(HttpMethod.Post, Path, author, body)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Must be from 10 minutes to 75 days from now (to share at once, use POST /reels).",
            problem.GetProperty("errors").GetProperty("publishAt")[0].GetString());
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_field_and_nothing_is_claimed()
    {
        var (author, other) = (await _w.UserAsync(), await _w.UserAsync());
        var upload = await VideoAsync(author);
        var othersUpload = await VideoAsync(other);
        var tomorrow = _w.Now + TimeSpan.FromDays(1);
        var cases = new (object Body, string Field)[]
        {
            (new { uploadId = upload, durationSeconds = 12 }, "publishAt"),
            (new { publishAt = _w.Now + TimeSpan.FromMinutes(9), uploadId = upload, durationSeconds = 12 }, "publishAt"),
            (new { publishAt = _w.Now + TimeSpan.FromDays(75) + TimeSpan.FromMinutes(1), uploadId = upload, durationSeconds = 12 }, "publishAt"),
            (new { publishAt = tomorrow.ToString("yyyy-MM-dd'T'HH:mm:ss"), uploadId = upload, durationSeconds = 12 }, "publishAt"),
            (new { publishAt = tomorrow, durationSeconds = 12 }, "uploadId"),
            (new { publishAt = tomorrow, uploadId = upload }, "durationSeconds"),
            (new { publishAt = tomorrow, uploadId = upload, durationSeconds = 12, caption = new string('a', 2201) }, "caption"),
            (new { publishAt = tomorrow, uploadId = upload, durationSeconds = 12, audioTrackId = Guid.NewGuid() }, "audioTrackId"),
            (new { publishAt = tomorrow, uploadId = upload, durationSeconds = 12, trial = true }, "trial"),
            (new { publishAt = tomorrow, uploadId = upload, durationSeconds = 12, trialAutoShare = true }, "trialAutoShare"),
        };
        foreach (var (body, field) in cases)
            await (await _w.SendAsync(HttpMethod.Post, Path, author, body)).AssertValidationErrorAsync(field);
        await (await ScheduleAsync(author, TimeSpan.FromDays(1), "not mine", othersUpload)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ScheduleAsync(author, TimeSpan.FromDays(1), "no such reel", upload, remixOfId: Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        var tooLong = await VideoAsync(author, seconds: 200);
        await (await ScheduleAsync(author, TimeSpan.FromDays(1), "too long", tooLong)).AssertValidationErrorAsync("durationSeconds");
        await (await _w.SendAsync(HttpMethod.Post, Path, author, "not an object")).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty(await ListAsync(author));
        Assert.Equal("pending", await _reels.Posts.Media.StatusInDatabaseAsync(upload)); // refused schedulings rolled their claims back
        Assert.Equal("pending", await _reels.Posts.Media.StatusInDatabaseAsync(othersUpload));
        Assert.Equal("pending", await _reels.Posts.Media.StatusInDatabaseAsync(tooLong));
    }

    [Fact]
    public async Task Nobody_else_can_read_change_cancel_or_publish_it_and_guests_are_asked_to_sign_in()
    {
        var (author, other) = (await _w.UserAsync(), await _w.UserAsync());
        var id = (await ScheduledAsync(author, TimeSpan.FromDays(1))).GetProperty("id").GetGuid();

        Assert.Empty(await ListAsync(other));
        await (await _w.SendAsync(HttpMethod.Get, $"{Path}/{id}", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Patch, $"{Path}/{id}", other, new { caption = "mine now" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Delete, $"{Path}/{id}", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Post, $"{Path}/{id}/publish", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Get, $"{Path}/not-an-id", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await host.App.Client.GetAsync(Path)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await host.App.Client.PostAsync($"{Path}/{id}/publish", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("later", (await (await _w.SendAsync(HttpMethod.Get, $"{Path}/{id}", author)).ReadJsonAsync()).GetProperty("caption").GetString());
        Assert.Empty(await ReelsOfAsync(author, author));
    }

    [Fact]
    public async Task At_most_fifty_wait_at_once()
    {
        var author = await _w.UserAsync();
        await using (var conn = await _w.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                WITH up AS (
                    INSERT INTO uploads (id, user_id, purpose, content_type, declared_size, blob_name, expires_at)
                    SELECT gen_random_uuid(), @user, 'reel', 'video/mp4', 1000, 'uploads/' || gen_random_uuid(), now() + interval '15 minutes'
                    FROM generate_series(1, @n) RETURNING id, blob_name)
                INSERT INTO scheduled_reels (id, user_id, publish_at, request, upload_id, object_name, width, height, duration_seconds, created_at, updated_at)
                SELECT gen_random_uuid(), @user, @at, '{}', id, blob_name, 1080, 1920, 10, @now, @now FROM up
                """, new { user = author.Id, at = _w.Now + TimeSpan.FromDays(30), now = _w.Now, n = ScheduledReelRules.MaxPending });
        var upload = await VideoAsync(author);

        await (await ScheduleAsync(author, TimeSpan.FromDays(1), "one too many", upload)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("pending", await _reels.Posts.Media.StatusInDatabaseAsync(upload));
    }

    [Fact]
    public async Task A_remix_whose_original_was_deleted_meanwhile_stays_scheduled_saying_why()
    {
        var (author, original) = (await _w.UserAsync(), await _w.UserAsync());
        var originalId = await _reels.ReelIdAsync(original, "the original");
        var id = (await (await ScheduleAsync(author, TimeSpan.FromMinutes(30), "my remix", await VideoAsync(author), originalId))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{originalId}", original)).EnsureNoContentAsync();
        host.App.Clock.Advance(TimeSpan.FromHours(1));

        await RunJobAsync();

        var waiting = await (await _w.SendAsync(HttpMethod.Get, $"{Path}/{id}", _w.Fresh(author))).ReadJsonAsync();
        Assert.Equal(originalId, waiting.GetProperty("remixOfId").GetGuid());
        Assert.Contains("remixes", waiting.GetProperty("failure").GetProperty("reason").GetString());
        Assert.Equal(_w.Now, waiting.GetProperty("failure").GetProperty("at").GetDateTimeOffset(), TimeSpan.FromMicroseconds(1));
        Assert.Empty(await ReelsOfAsync(_w.Fresh(author), author));
        Assert.Empty(await SharedNoticesAsync(author));
        var refused = await _w.SendAsync(HttpMethod.Post, $"{Path}/{id}/publish", _w.Fresh(author));
        await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal([id], await ListAsync(_w.Fresh(author)));

        // Restored by its author, the original may be remixed again: the next run shares the remix.
        await (await _w.SendAsync(HttpMethod.Post, $"/api/v1/reels/{originalId}/restore", _w.Fresh(original))).ReadJsonAsync();
        await RunJobAsync();
        var remix = Assert.Single(await ReelsOfAsync(_w.Fresh(author), author));
        Assert.Equal(originalId, remix.GetProperty("remixOf").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Concurrent_runs_publish_each_reel_once()
    {
        var author = await _w.UserAsync();
        for (var i = 0; i < 5; i++) await ScheduledAsync(author, TimeSpan.FromMinutes(10 + i), $"reel {i}");
        host.App.Clock.Advance(TimeSpan.FromMinutes(20));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunJobAsync()));

        var reels = await ReelsOfAsync(_w.Fresh(author), author);
        Assert.Equal(5, reels.Count);
        Assert.Equal(5, reels.Select(r => r.GetProperty("caption").GetString()).Distinct().Count());
        Assert.Empty(await ListAsync(_w.Fresh(author)));
        Assert.Equal(5, (await SharedNoticesAsync(author)).Count);
    }

    [Fact]
    public async Task A_deactivated_accounts_reel_waits_until_the_account_is_active_again()
    {
        var author = await _w.UserAsync();
        var id = (await ScheduledAsync(author, TimeSpan.FromMinutes(30))).GetProperty("id").GetGuid();
        await using var conn = await _w.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = author.Id });
        host.App.Clock.Advance(TimeSpan.FromHours(1));

        await RunJobAsync();
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM scheduled_reels WHERE id = @id", new { id }));

        await conn.ExecuteAsync("UPDATE users SET is_active = true WHERE id = @id", new { id = author.Id });
        await RunJobAsync();
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM scheduled_reels WHERE id = @id", new { id }));
        Assert.Single(await ReelsOfAsync(_w.Fresh(author), author));
    }

    /// <summary>The purge's last step deletes the account row; its scheduled reels and its uploads go in that one statement.</summary>
    [Fact]
    public async Task Deleting_the_account_takes_its_scheduled_reels_with_it()
    {
        var author = await _w.UserAsync();
        var id = (await ScheduledAsync(author, TimeSpan.FromDays(1))).GetProperty("id").GetGuid();
        await using var conn = await _w.Db.OpenConnectionAsync();

        await conn.ExecuteAsync("DELETE FROM users WHERE id = @id", new { id = author.Id });

        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM scheduled_reels WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task The_export_carries_what_waits()
    {
        var author = await _w.UserAsync();
        var id = (await ScheduledAsync(author, TimeSpan.FromDays(5), "in the export")).GetProperty("id").GetGuid();

        var export = await (await _w.SendAsync(HttpMethod.Get, "/api/v1/users/me/export", author)).ReadJsonAsync();

        var item = Assert.Single(export.GetProperty("scheduledReels").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetGuid());
        Assert.Equal("in the export", item.GetProperty("caption").GetString());
        Assert.Equal(12, item.GetProperty("durationSeconds").GetInt32());
    }
}
