using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Feed;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// /users/me/scheduled-posts over HTTP, and the scheduled-posts job publishing them. The job publishes every due post of
/// the database and the tests move the clock, so the class has a database and a clock of its own.
/// </summary>
public sealed class ScheduledPostTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private const string Path = ScheduledPostsDriver.Path;
    private readonly ScheduledPostsDriver _driver = new(host.App);
    private FeedWorld _w => _driver.World;
    private MediaClient _media => _driver.Media;

    private Task<Guid> PhotoAsync(TestUser user) => _driver.PhotoAsync(user);

    private async Task<HttpResponseMessage> ScheduleAsync(TestUser user, TimeSpan ahead, string caption, params Guid[] uploads) =>
        await _w.SendAsync(HttpMethod.Post, Path, user, new
        {
            publishAt = _w.Now + ahead, caption, location = "  Porto  ",
            media = uploads.Select((u, i) => new { uploadId = u, altText = $" photo {i} ", userTags = Array.Empty<object>() }).ToArray(),
        });

    private async Task<JsonElement> ScheduledAsync(TestUser user, TimeSpan ahead, string caption = "later", int photos = 1)
    {
        var uploads = new List<Guid>();
        for (var i = 0; i < photos; i++) uploads.Add(await PhotoAsync(user));
        return await (await ScheduleAsync(user, ahead, caption, [.. uploads])).ReadJsonAsync(HttpStatusCode.Created);
    }

    private Task RunJobAsync() => _driver.RunJobAsync();

    /// <summary>The author's grid as <paramref name="viewer"/> sees it, each post read whole (GET /posts/{id}).</summary>
    private async Task<List<JsonElement>> GridAsync(TestUser viewer, TestUser author)
    {
        var ids = (await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/users/{author.Username}/posts", viewer)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        var posts = new List<JsonElement>();
        foreach (var id in ids) posts.Add(await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/posts/{id}", viewer)).ReadJsonAsync());
        return posts;
    }

    private async Task<List<Guid>> ListAsync(TestUser user) =>
        (await (await _w.SendAsync(HttpMethod.Get, Path, user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
        .Select(i => i.GetProperty("id").GetGuid()).ToList();

    /// <summary>The author's notices that a scheduled post was shared, as (post, text).</summary>
    private async Task<List<(Guid Post, string Text)>> SharedNoticesAsync(TestUser author) =>
        (await (await _w.SendAsync(HttpMethod.Get, "/api/v1/notifications", _w.Fresh(author))).ReadJsonAsync()).GetProperty("items").EnumerateArray()
        .Where(n => n.GetProperty("type").GetString() == "system")
        .Select(n => (n.GetProperty("entityId").GetGuid(), n.GetProperty("text").GetString()!)).ToList();

    private Task<long> ScalarAsync(string sql, object args) => _driver.ScalarAsync<long>(sql, args);

    [Fact]
    public async Task A_scheduled_post_stays_unseen_until_its_time_then_the_job_publishes_it_as_posting_would()
    {
        var (author, follower) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(follower, author);
        var (first, second) = (await PhotoAsync(author), await PhotoAsync(author));
        var response = await ScheduleAsync(author, TimeSpan.FromHours(1), $" Sunset soon #goldenhour @{follower.Username} ", first, second);
        var scheduled = await response.ReadJsonAsync(HttpStatusCode.Created);
        var id = scheduled.GetProperty("id").GetGuid();

        Assert.Equal($"/api/v1/users/me/scheduled-posts/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal($"Sunset soon #goldenhour @{follower.Username}", scheduled.GetProperty("caption").GetString());
        Assert.Equal("Porto", scheduled.GetProperty("location").GetString());
        Assert.Equal(_w.Now + TimeSpan.FromHours(1), scheduled.GetProperty("publishAt").GetDateTimeOffset(), TimeSpan.FromMicroseconds(1));
        var media = scheduled.GetProperty("media").EnumerateArray().ToList();
        Assert.Equal([first, second], media.Select(m => m.GetProperty("uploadId").GetGuid()));
        Assert.Equal("photo 1", media[1].GetProperty("altText").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.App.Client.GetAsync(media[0].GetProperty("url").GetString())).StatusCode);

        await RunJobAsync(); // not due yet
        await _w.DrainAsync();
        Assert.Equal([id], await ListAsync(author));
        Assert.Empty(await GridAsync(author, author));
        Assert.Empty(await _w.FeedAsync(follower));

        host.App.Clock.Advance(TimeSpan.FromHours(1));
        await RunJobAsync();
        await _w.DrainAsync();

        Assert.Empty(await ListAsync(_w.Fresh(author)));
        var post = Assert.Single(await GridAsync(_w.Fresh(author), author));
        var postId = post.GetProperty("id").GetGuid();
        Assert.Equal($"Sunset soon #goldenhour @{follower.Username}", post.GetProperty("caption").GetString());
        Assert.Equal(["photo 0", "photo 1"], post.GetProperty("media").EnumerateArray().Select(m => m.GetProperty("altText").GetString()));
        Assert.Equal(_w.Now, post.GetProperty("createdAt").GetDateTimeOffset(), TimeSpan.FromMicroseconds(1)); // published now, not when it was written
        Assert.Equal([postId], await _w.FeedAsync(_w.Fresh(follower)));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM post_mentions WHERE post_id = @postId AND user_id = @user", new { postId, user = follower.Id }));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM post_hashtags ph JOIN hashtags h ON h.id = ph.hashtag_id WHERE ph.post_id = @postId AND h.name = 'goldenhour'",
            new { postId }));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM notifications WHERE user_id = @user AND type = 'mention' AND entity_id = @postId",
            new { user = follower.Id, postId }));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM scheduled_post_media WHERE upload_id = ANY(@ids)", new { ids = new[] { first, second } }));
        Assert.Equal([(postId, "Your scheduled post was shared.")], await SharedNoticesAsync(author));
    }

    [Fact]
    public async Task People_tags_wait_as_written_and_are_applied_when_it_is_published()
    {
        var (author, friend) = (await _w.UserAsync(), await _w.UserAsync());
        var upload = await PhotoAsync(author);
        var tag = new { username = "@" + friend.Username.ToUpperInvariant(), x = 0.25, y = 0.75 };
        var scheduled = await (await _w.SendAsync(HttpMethod.Post, Path, author, new
        {
            publishAt = _w.Now + TimeSpan.FromHours(1), media = new[] { new { uploadId = upload, userTags = new[] { tag, tag } } },
        })).ReadJsonAsync(HttpStatusCode.Created);

        var waiting = Assert.Single(scheduled.GetProperty("media").EnumerateArray()).GetProperty("userTags").EnumerateArray().ToList();
        Assert.Equal([friend.Username], waiting.Select(t => t.GetProperty("username").GetString()));
        Assert.Equal(0.25, waiting[0].GetProperty("x").GetDouble());

        host.App.Clock.Advance(TimeSpan.FromHours(1));
        await RunJobAsync();
        var post = Assert.Single(await GridAsync(_w.Fresh(author), author));
        var tags = post.GetProperty("media")[0].GetProperty("userTags").EnumerateArray().Select(t => t.GetProperty("username").GetString());
        Assert.Equal([friend.Username], tags);
    }

    [Fact]
    public async Task Its_uploads_are_claimed_at_once_and_released_when_it_is_cancelled()
    {
        var author = await _w.UserAsync();
        var upload = await PhotoAsync(author);
        var id = (await (await ScheduleAsync(author, TimeSpan.FromDays(2), "two days", upload)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        Assert.Equal("used", await _media.StatusInDatabaseAsync(upload));
        var reuse = await _w.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new { media = new[] { new { uploadId = upload } } });
        await reuse.AssertProblemAsync(HttpStatusCode.Conflict);
        host.App.Clock.Advance(TimeSpan.FromHours(1)); // past the upload slot's own expiry: the claim holds it
        Assert.Equal("used", await _media.StatusInDatabaseAsync(upload));

        var author2 = _w.Fresh(author);
        await (await _w.SendAsync(HttpMethod.Delete, $"{Path}/{id}", author2)).EnsureNoContentAsync();

        Assert.Empty(await ListAsync(author2));
        await (await _w.SendAsync(HttpMethod.Get, $"{Path}/{id}", author2)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.SendAsync(HttpMethod.Delete, $"{Path}/{id}", author2)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM uploads WHERE id = @upload AND released_at IS NOT NULL", new { upload }));
        host.App.Clock.Advance(TimeSpan.FromDays(3));
        await RunJobAsync();
        Assert.Empty(await GridAsync(_w.Fresh(author), author));
        Assert.True(await _media.ObjectExistsAsync(author, upload));
        await host.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "media-cleanup").RunAsync(_w.Now, CancellationToken.None);
        Assert.False(await _media.ObjectExistsAsync(author, upload)); // released, so cleaned up after the grace
    }

    [Fact]
    public async Task Publishing_now_answers_the_post_and_leaves_nothing_for_the_job()
    {
        var author = await _w.UserAsync();
        var id = (await ScheduledAsync(author, TimeSpan.FromDays(1), "now instead")).GetProperty("id").GetGuid();

        var response = await _w.SendAsync(HttpMethod.Post, $"{Path}/{id}/publish", author);
        var post = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/posts/{post.GetProperty("id").GetGuid()}", response.Headers.Location!.OriginalString);
        Assert.Equal("now instead", post.GetProperty("caption").GetString());
        await (await _w.SendAsync(HttpMethod.Post, $"{Path}/{id}/publish", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        host.App.Clock.Advance(TimeSpan.FromDays(1));
        await RunJobAsync();
        Assert.Single(await GridAsync(_w.Fresh(author), author));
        Assert.Empty(await SharedNoticesAsync(author)); // the author published it: nothing to tell
    }

    [Fact]
    public async Task Editing_moves_its_time_and_changes_its_text_and_a_bad_edit_changes_nothing()
    {
        var author = await _w.UserAsync();
        var id = (await ScheduledAsync(author, TimeSpan.FromHours(2), "draft")).GetProperty("id").GetGuid();
        var later = _w.Now + TimeSpan.FromDays(3);

        var edited = await (await _w.SendAsync(HttpMethod.Patch, $"{Path}/{id}", author,
            new { publishAt = later, caption = " final #launch ", location = (string?)null, commentsDisabled = true })).ReadJsonAsync();

        Assert.Equal(later, edited.GetProperty("publishAt").GetDateTimeOffset(), TimeSpan.FromMicroseconds(1));
        Assert.Equal("final #launch", edited.GetProperty("caption").GetString());
        Assert.False(edited.TryGetProperty("location", out _));
        Assert.True(edited.GetProperty("commentsDisabled").GetBoolean());
        var tooLong = new string('a', 2201);
        var tags = string.Join(' ', Enumerable.Range(0, 31).Select(i => $"#t{i}"));
        foreach (var (body, field) in new (object, string)[]
        {
            (new { publishAt = _w.Now + TimeSpan.FromMinutes(5) }, "publishAt"), (new { publishAt = _w.Now + TimeSpan.FromDays(76) }, "publishAt"),
            (new { publishAt = "2026-12-24T18:00:00" }, "publishAt"), (new { publishAt = "tomorrow" }, "publishAt"), (new { publishAt = 5 }, "publishAt"),
            (new { publishAt = (string?)null }, "publishAt"), (new { caption = tooLong }, "caption"), (new { caption = tags }, "caption"),
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
    public async Task A_time_too_soon_is_refused_pointing_to_posting_at_once()
    {
        var author = await _w.UserAsync();
        var body = new { publishAt = _w.Now + TimeSpan.FromMinutes(9), media = new[] { new { uploadId = await PhotoAsync(author) } } };
        var problem = await (await _w.SendAsync(HttpMethod.Post, Path, author, body)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Must be from 10 minutes to 75 days from now (to post at once, use POST /posts).",
            problem.GetProperty("errors").GetProperty("publishAt")[0].GetString());
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_field_and_nothing_is_claimed()
    {
        var (author, other) = (await _w.UserAsync(), await _w.UserAsync());
        var upload = await PhotoAsync(author);
        var othersUpload = await PhotoAsync(other);
        var cases = new (object Body, string Field)[]
        {
            (new { media = new[] { new { uploadId = upload } } }, "publishAt"),
            (new { publishAt = _w.Now - TimeSpan.FromMinutes(1), media = new[] { new { uploadId = upload } } }, "publishAt"),
            (new { publishAt = _w.Now + TimeSpan.FromMinutes(9), media = new[] { new { uploadId = upload } } }, "publishAt"),
            (new { publishAt = _w.Now + TimeSpan.FromDays(75) + TimeSpan.FromMinutes(1), media = new[] { new { uploadId = upload } } }, "publishAt"),
            (new { publishAt = _w.Now + TimeSpan.FromDays(1) }, "media"),
            (new { publishAt = (_w.Now + TimeSpan.FromDays(1)).ToString("yyyy-MM-dd'T'HH:mm:ss"), media = new[] { new { uploadId = upload } } }, "publishAt"),
            (new { publishAt = "tomorrow", media = new[] { new { uploadId = upload } } }, "publishAt"),
            (new { publishAt = _w.Now + TimeSpan.FromDays(1), media = new[] { new { uploadId = upload } }, caption = new string('a', 2201) }, "caption"),
        };
        foreach (var (body, field) in cases)
            await (await _w.SendAsync(HttpMethod.Post, Path, author, body)).AssertValidationErrorAsync(field);
        await (await ScheduleAsync(author, TimeSpan.FromDays(1), "not mine", othersUpload)).AssertProblemAsync(HttpStatusCode.NotFound);
        var (bad, _) = await _media.UploadedAsync(author, "post", "image/jpeg", MediaSamples.Png());
        await (await ScheduleAsync(author, TimeSpan.FromDays(1), "wrong bytes", upload, bad.UploadId)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _w.SendAsync(HttpMethod.Post, Path, author, "not an object")).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty(await ListAsync(author));
        Assert.Equal("pending", await _media.StatusInDatabaseAsync(upload)); // the refused scheduling rolled its claim back
        Assert.Equal("pending", await _media.StatusInDatabaseAsync(othersUpload));
        Assert.Equal("rejected", await _media.StatusInDatabaseAsync(bad.UploadId));
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

        var kept = await (await _w.SendAsync(HttpMethod.Get, $"{Path}/{id}", author)).ReadJsonAsync();
        Assert.Equal("later", kept.GetProperty("caption").GetString());
        Assert.Empty(await GridAsync(author, author));
    }

    [Fact]
    public async Task At_most_fifty_wait_at_once()
    {
        var author = await _w.UserAsync();
        await using (var conn = await _w.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO scheduled_posts (id, user_id, publish_at, request, created_at, updated_at)
                SELECT gen_random_uuid(), @user, @at, '{"media": []}', @now, @now FROM generate_series(1, @n)
                """, new { user = author.Id, at = _w.Now + TimeSpan.FromDays(30), now = _w.Now, n = ScheduledPostRules.MaxPending });
        var upload = await PhotoAsync(author);

        await (await ScheduleAsync(author, TimeSpan.FromDays(1), "one too many", upload)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("pending", await _media.StatusInDatabaseAsync(upload));
    }

    [Fact]
    public async Task A_post_the_job_cannot_publish_stays_scheduled_saying_why_until_it_is_fixed()
    {
        var (author, id) = await DueButUnpublishableAsync();

        await RunJobAsync();

        var waiting = await (await _w.SendAsync(HttpMethod.Get, $"{Path}/{id}", _w.Fresh(author))).ReadJsonAsync();
        Assert.Contains("no longer passes the rules", waiting.GetProperty("failure").GetProperty("reason").GetString());
        // Publishing it now is refused the same way: a 409 naming the field, nothing published.
        var refused = await (await _w.SendAsync(HttpMethod.Post, $"{Path}/{id}/publish", _w.Fresh(author))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.StartsWith("caption:", refused.GetProperty("detail").GetString());
        Assert.Equal(_w.Now, waiting.GetProperty("failure").GetProperty("at").GetDateTimeOffset(), TimeSpan.FromMicroseconds(1));
        Assert.Empty(await GridAsync(_w.Fresh(author), author));
        var fixedUp = await (await _w.SendAsync(HttpMethod.Patch, $"{Path}/{id}", _w.Fresh(author), new { caption = "shorter" })).ReadJsonAsync();
        Assert.False(fixedUp.TryGetProperty("failure", out _));

        await RunJobAsync(); // its time has passed: the next run publishes it
        Assert.Equal("shorter", Assert.Single(await GridAsync(_w.Fresh(author), author)).GetProperty("caption").GetString());
    }

    [Fact]
    public async Task An_edit_committed_between_a_failed_attempt_and_its_record_keeps_its_failure_cleared()
    {
        var (author, id) = await DueButUnpublishableAsync();

        // The job records a failure in a statement of its own once the attempt rolled back. A table lock that the attempt's
        // row lock passes (SHARE against ROW SHARE) holds that statement back, and the owner's edit takes the row meanwhile.
        await using var gate = await _w.Db.OpenConnectionAsync();
        await using var tx = await gate.BeginTransactionAsync();
        await gate.ExecuteAsync("LOCK TABLE scheduled_posts IN SHARE MODE", transaction: tx);
        var run = RunJobAsync();
        var job = await TransactionRace.BlockedByAsync(_w.Db, gate.ProcessID, run);
        Assert.NotNull(job);
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM (SELECT 1 FROM scheduled_posts WHERE id = @id FOR UPDATE SKIP LOCKED) free",
            new { id })); // the attempt is over: it holds the row no more
        var edit = _w.SendAsync(HttpMethod.Patch, $"{Path}/{id}", _w.Fresh(author), new { caption = "shorter" });
        await TransactionRace.WaitInLineAsync(_w.Db, edit, gate.ProcessID, job.Value);
        Assert.False(edit.IsCompleted);
        await tx.CommitAsync();

        Assert.False((await (await edit).ReadJsonAsync()).TryGetProperty("failure", out _));
        await run;
        var waiting = await (await _w.SendAsync(HttpMethod.Get, $"{Path}/{id}", _w.Fresh(author))).ReadJsonAsync();
        Assert.False(waiting.TryGetProperty("failure", out _), waiting.ToString()); // that failure was the long caption's
        await RunJobAsync();
        Assert.Equal("shorter", Assert.Single(await GridAsync(_w.Fresh(author), author)).GetProperty("caption").GetString());
    }

    [Fact]
    public async Task Concurrent_runs_publish_each_post_once()
    {
        var author = await _w.UserAsync();
        for (var i = 0; i < 5; i++) await ScheduledAsync(author, TimeSpan.FromMinutes(10 + i), $"post {i}");
        host.App.Clock.Advance(TimeSpan.FromMinutes(20));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunJobAsync()));

        var grid = await GridAsync(_w.Fresh(author), author);
        Assert.Equal(5, grid.Count);
        Assert.Equal(5, grid.Select(p => p.GetProperty("caption").GetString()).Distinct().Count());
        Assert.Empty(await ListAsync(_w.Fresh(author)));
    }

    [Fact]
    public async Task A_deactivated_accounts_post_waits_until_the_account_is_active_again()
    {
        var author = await _w.UserAsync();
        var id = (await ScheduledAsync(author, TimeSpan.FromMinutes(30))).GetProperty("id").GetGuid();
        await using var conn = await _w.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = author.Id });
        host.App.Clock.Advance(TimeSpan.FromHours(1));

        await RunJobAsync();
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM scheduled_posts WHERE id = @id", new { id }));

        await conn.ExecuteAsync("UPDATE users SET is_active = true WHERE id = @id", new { id = author.Id });
        await RunJobAsync();
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM scheduled_posts WHERE id = @id", new { id }));
        Assert.Single(await GridAsync(_w.Fresh(author), author));
    }

    /// <summary>The purge's last step deletes the account row; its scheduled posts, their media rows and its uploads go in that one statement.</summary>
    [Fact]
    public async Task Deleting_the_account_takes_its_scheduled_posts_with_it()
    {
        var author = await _w.UserAsync();
        var id = (await ScheduledAsync(author, TimeSpan.FromDays(1), photos: 2)).GetProperty("id").GetGuid();
        await using var conn = await _w.Db.OpenConnectionAsync();

        await conn.ExecuteAsync("DELETE FROM users WHERE id = @id", new { id = author.Id });

        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM scheduled_posts WHERE id = @id", new { id }));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM scheduled_post_media WHERE scheduled_post_id = @id", new { id }));
    }

    [Fact]
    public async Task The_export_carries_what_waits()
    {
        var author = await _w.UserAsync();
        var id = (await ScheduledAsync(author, TimeSpan.FromDays(5), "in the export", photos: 2)).GetProperty("id").GetGuid();

        var export = await (await _w.SendAsync(HttpMethod.Get, "/api/v1/users/me/export", author)).ReadJsonAsync();

        var item = Assert.Single(export.GetProperty("scheduledPosts").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetGuid());
        Assert.Equal("in the export", item.GetProperty("caption").GetString());
        Assert.Equal(["photo 0", "photo 1"], item.GetProperty("media").EnumerateArray().Select(m => m.GetProperty("altText").GetString()));
    }

    /// <summary>
    /// A scheduled post whose time has come but which the job cannot publish: as if a rule had tightened since it was
    /// scheduled (written directly, as no route stores a caption the rules refuse).
    /// </summary>
    private async Task<(TestUser Author, Guid Id)> DueButUnpublishableAsync()
    {
        var author = await _w.UserAsync();
        var id = (await ScheduledAsync(author, TimeSpan.FromMinutes(30), "fine")).GetProperty("id").GetGuid();
        await using (var conn = await _w.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE scheduled_posts SET request = jsonb_set(request, '{caption}', to_jsonb(repeat('a', 2201))) WHERE id = @id",
                new { id });
        host.App.Clock.Advance(TimeSpan.FromHours(1));
        return (author, id);
    }
}
