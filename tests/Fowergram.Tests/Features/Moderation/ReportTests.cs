using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Reports (migration 0107): what the reporter can see, once per target; the reporter's list; the moderators' queue,
/// review and resolve; everyone else kept out.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReportTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);
    private PostsClient Posts => _dm.Posts;

    private Task<HttpResponseMessage> ReportAsync(TestUser? reporter, string targetType, Guid targetId, string reason = "spam", string? details = null) =>
        Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter, new { targetType, targetId, reason, details });

    private Task<TestUser> ModeratorAsync() => Posts.ModeratorAsync();

    private Task<List<JsonElement>> QueueAsync(TestUser moderator) => Posts.WholeQueueAsync("/api/v1/moderation/reports", moderator);

    [Fact]
    public async Task Every_kind_of_target_the_reporter_can_see_is_reported_once_and_listed_newest_first()
    {
        var (reporter, author) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var post = await Posts.PostIdAsync(author);
        var comment = (await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments", author, new { content = "mine" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var reel = await new ReelsClient(app).ReelIdAsync(author);
        var video = await new VideosClient(app).VideoIdAsync(author);
        var videoComment = (await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/videos/{video}/comments", author, new { content = "hi" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var thread = await _dm.DirectAsync(author, reporter);
        var message = await _dm.SayAsync(author, thread, "buy followers here");

        var targets = new (string Type, Guid Id)[]
        {
            ("user", author.Id), ("post", post), ("comment", comment), ("reel", reel), ("igtv_video", video), ("igtv_comment", videoComment),
            ("message", message),
        };
        var ids = new List<Guid>();
        foreach (var (type, id) in targets)
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
            var report = await (await ReportAsync(reporter, type, id, "harassment", "  please look  ")).ReadJsonAsync(HttpStatusCode.Created);
            Assert.Equal((type, id, "open", "please look"), (report.GetProperty("targetType").GetString(), report.GetProperty("targetId").GetGuid(),
                report.GetProperty("status").GetString(), report.GetProperty("details").GetString()));
            ids.Add(report.GetProperty("id").GetGuid());
        }
        var again = await (await ReportAsync(reporter, "post", post, "scam")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((ids[1], "harassment"), (again.GetProperty("id").GetGuid(), again.GetProperty("reason").GetString()));

        // A moderator reads each, with its target and, where it has them, its media (the account: its profile photo, none here).
        var moderator = await ModeratorAsync();
        foreach (var (id, (type, _)) in ids.Zip(targets))
        {
            var target = (await (await Posts.GetAsync($"/api/v1/moderation/reports/{id}", moderator)).ReadJsonAsync()).GetProperty("target");
            Assert.Equal((author.Username, type is "post" or "reel" or "igtv_video"), (target.GetProperty("author").GetString(), target.TryGetProperty("media", out _)));
        }

        var mine = await (await Posts.GetAsync("/api/v1/users/me/reports?limit=50", reporter)).ReadJsonAsync();
        Assert.Equal(Enumerable.Reverse(ids), mine.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Empty((await (await Posts.GetAsync("/api/v1/users/me/reports", author)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Details_and_notes_are_counted_in_characters_as_the_table_counts_them()
    {
        var (reporter, stranger, moderator) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await ModeratorAsync());
        var globes = string.Concat(Enumerable.Repeat("\U0001F30D", 2000)); // 2,000 characters, 4,000 UTF-16 units
        await (await ReportAsync(reporter, "user", stranger.Id, details: globes + "x")).AssertValidationErrorAsync("details");
        var report = await (await ReportAsync(reporter, "user", stranger.Id, details: globes)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(globes, report.GetProperty("details").GetString());

        var resolve = $"/api/v1/moderation/reports/{report.GetProperty("id").GetGuid()}/resolve";
        await (await Posts.SendAsync(HttpMethod.Post, resolve, moderator, new { outcome = "dismissed", notes = globes + "x" }))
            .AssertValidationErrorAsync("notes");
        // Notes of zero-width characters alone are a record nobody can read (and, with remove on an account, its suspension's
        // reason, which the suspension route refuses): a 400 naming notes, as every optional text (docs/api.md).
        await (await Posts.SendAsync(HttpMethod.Post, resolve, moderator, new { outcome = "dismissed", notes = "\u200B\u2060" }))
            .AssertValidationErrorAsync("notes");
        var resolved = await (await Posts.SendAsync(HttpMethod.Post, resolve, moderator, new { outcome = "dismissed", notes = globes })).ReadJsonAsync();
        Assert.Equal("dismissed", resolved.GetProperty("status").GetString());
    }

    [Fact]
    public async Task What_the_reporter_cannot_see_is_a_404_and_bad_reports_are_400s_that_store_nothing()
    {
        var (reporter, hidden, blocker, stranger) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(isPrivate: true), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var privatePost = await Posts.PostIdAsync(hidden);
        var blockersPost = await Posts.PostIdAsync(blocker);
        await Posts.BlockAsync(blocker, reporter);
        var othersThread = await _dm.DirectAsync(stranger, hidden);
        var othersMessage = await _dm.SayAsync(stranger, othersThread, "private");

        await (await ReportAsync(reporter, "post", privatePost)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReportAsync(reporter, "post", blockersPost)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReportAsync(reporter, "user", blocker.Id)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReportAsync(reporter, "message", othersMessage)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReportAsync(reporter, "story", Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReportAsync(reporter, "user", reporter.Id)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await ReportAsync(reporter, "planet", stranger.Id)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await ReportAsync(reporter, "user", stranger.Id, "boring")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await ReportAsync(reporter, "user", stranger.Id, details: new string('x', 2001))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter, new { targetType = "user", reason = "spam" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await ReportAsync(null, "user", stranger.Id)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM reports WHERE reporter_id = @id", new { id = reporter.Id }));
    }

    [Fact]
    public async Task Moderators_work_the_queue_oldest_first_and_the_reporter_sees_the_outcome_but_not_the_notes()
    {
        var moderator = await ModeratorAsync();
        var (first, second, target) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var post = await Posts.PostIdAsync(target);
        var a = (await (await ReportAsync(first, "post", post)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var b = (await (await ReportAsync(second, "post", post, "scam")).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var queued = (await QueueAsync(moderator)).Where(r => r.GetProperty("targetId").GetGuid() == post).ToList();
        Assert.Equal([a, b], queued.Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal((first.Username, 2L), (queued[0].GetProperty("reporter").GetString(), queued[0].GetProperty("targetReportCount").GetInt64()));

        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{a}/review", moderator)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{a}/review", moderator)).EnsureNoContentAsync();
        var resolved = await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{a}/resolve", moderator,
            new { outcome = "actioned", notes = "post removed by its author after a warning" })).ReadJsonAsync();
        Assert.Equal("actioned", resolved.GetProperty("status").GetString());
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{a}/resolve", moderator, new { outcome = "dismissed" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{a}/review", moderator)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{b}/resolve", moderator, new { outcome = "ignored" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{Guid.NewGuid()}/resolve", moderator, new { outcome = "dismissed" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal([b], (await QueueAsync(moderator)).Where(r => r.GetProperty("targetId").GetGuid() == post).Select(r => r.GetProperty("id").GetGuid()));
        var onlyPosts = await (await Posts.GetAsync("/api/v1/moderation/reports?type=post&limit=50", moderator)).ReadJsonAsync();
        Assert.All(onlyPosts.GetProperty("items").EnumerateArray(), r => Assert.Equal("post", r.GetProperty("targetType").GetString()));
        Assert.DoesNotContain((await (await Posts.GetAsync("/api/v1/moderation/reports?type=user&limit=50", moderator)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == b);
        await (await Posts.GetAsync("/api/v1/moderation/reports?type=planet", moderator)).AssertValidationErrorAsync("type");
        var mine = (await (await Posts.GetAsync("/api/v1/users/me/reports", first)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Single();
        Assert.Equal("actioned", mine.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, mine.GetProperty("resolvedAt").ValueKind);
        Assert.DoesNotContain("warning", mine.GetRawText());
        // The reporter hears of it: a system notice with no actor, and never the moderator's notes.
        var notices = (await (await Posts.GetAsync("/api/v1/notifications", first)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        var notice = Assert.Single(notices, n => n.GetProperty("type").GetString() == "system");
        Assert.Equal("Thanks for your report. We took action on the post you reported.", notice.GetProperty("message").GetString());
        Assert.False(notice.TryGetProperty("actor", out var actor) && actor.ValueKind != JsonValueKind.Null);
        Assert.DoesNotContain((await (await Posts.GetAsync("/api/v1/notifications", second)).ReadJsonAsync()).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("type").GetString() == "system");
        Assert.Equal(moderator.Id, await Posts.ScalarAsync<Guid>("SELECT resolved_by FROM reports WHERE id = @a", new { a }));
    }

    [Fact]
    public async Task A_held_comment_is_reported_only_by_the_two_who_see_it()
    {
        var (owner, restricted, stranger) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{restricted.Username}/restrict", owner)).EnsureNoContentAsync();
        var post = await Posts.PostIdAsync(owner);
        var held = (await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments", restricted, new { content = "you again" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await (await ReportAsync(stranger, "comment", held)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReportAsync(owner, "comment", held, "harassment")).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_report_racing_the_same_reporters_report_of_the_target_answers_the_first_one_not_a_500()
    {
        // A double tap: the other request's insert is in flight. This one's ON CONFLICT waited for it, and the read back in
        // the same statement, whose snapshot predates that commit, found no row: a 500 before the fix.
        var (reporter, stranger) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var first = Guid.CreateVersion7();
        await using var other = await Posts.Db.OpenConnectionAsync();
        await using var otherTx = await other.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(other, """
            INSERT INTO reports (id, reporter_id, target_type, target_id, reason, created_at, updated_at)
            VALUES (@first, @reporter, 'user', @target, 'scam', now(), now())
            """, new { first, reporter = reporter.Id, target = stranger.Id }, otherTx);

        var reporting = ReportAsync(reporter, "user", stranger.Id, "spam");
        await TransactionRace.WaitUntilBlockedByAsync(Posts.Db, other.ProcessID, reporting);
        await otherTx.CommitAsync();

        var report = await (await reporting).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((first, "scam"), (report.GetProperty("id").GetGuid(), report.GetProperty("reason").GetString()));
        Assert.Equal(1L, await Posts.ScalarAsync<long>("SELECT count(*) FROM reports WHERE reporter_id = @id", new { id = reporter.Id }));
    }

    [Fact]
    public void Every_reportable_kind_can_be_shown_to_a_moderator() =>
        Assert.Equal(Fowergram.Features.Moderation.ReportsSql.TargetTypes.Order(), Fowergram.Features.Moderation.ReportTargets.Kinds.Order());

    [Fact]
    public async Task A_moderator_reads_the_reported_words_wherever_they_are_and_sees_when_they_are_gone()
    {
        var moderator = await ModeratorAsync();
        var (author, follower) = (await _dm.NewUserAsync(isPrivate: true), await _dm.NewUserAsync());
        await Posts.ExecuteAsync("INSERT INTO follows (follower_id, following_id) VALUES (@f, @a)", new { f = follower.Id, a = author.Id });
        var post = (await Posts.CreatePostAsync(author, "buy cheap followers here")).GetProperty("id").GetGuid();
        var report = (await (await ReportAsync(follower, "post", post)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var thread = await _dm.DirectAsync(author, follower);
        var message = await _dm.SayAsync(author, thread, "send me your password");
        var aboutMessage = (await (await ReportAsync(follower, "message", message)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        // The moderator follows nobody here, and is in no thread: the report still shows what was reported.
        var read = await (await Posts.GetAsync($"/api/v1/moderation/reports/{report}", moderator)).ReadJsonAsync();
        var target = read.GetProperty("target");
        Assert.Equal((author.Username, "buy cheap followers here", false), (target.GetProperty("author").GetString(),
            target.GetProperty("text").GetString(), target.GetProperty("removed").GetBoolean()));
        Assert.Equal((follower.Username, 1L), (read.GetProperty("reporter").GetString(), read.GetProperty("targetReportCount").GetInt64()));
        // Its photo too, signed for the moderator, who could not open the post's own URL (a private account they do not follow).
        var photo = Assert.Single(target.GetProperty("media").EnumerateArray());
        Assert.StartsWith("image/", photo.GetProperty("contentType").GetString());
        (await app.Client.GetAsync(photo.GetProperty("url").GetString())).EnsureSuccessStatusCode();
        await (await Posts.GetAsync($"/api/v1/posts/{post}", moderator)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("send me your password",
            (await (await Posts.GetAsync($"/api/v1/moderation/reports/{aboutMessage}", moderator)).ReadJsonAsync()).GetProperty("target").GetProperty("text").GetString());
        Assert.False((await (await Posts.GetAsync($"/api/v1/moderation/reports/{aboutMessage}", moderator)).ReadJsonAsync()).GetProperty("target")
            .TryGetProperty("media", out _)); // words only

        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}", author)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{message}", author)).EnsureNoContentAsync();
        Assert.True((await (await Posts.GetAsync($"/api/v1/moderation/reports/{report}", moderator)).ReadJsonAsync())
            .GetProperty("target").GetProperty("removed").GetBoolean());
        Assert.False((await (await Posts.GetAsync($"/api/v1/moderation/reports/{aboutMessage}", moderator)).ReadJsonAsync())
            .TryGetProperty("target", out _)); // unsent: nothing of it is left

        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", moderator,
            new { outcome = "actioned", notes = "author removed it" })).ReadJsonAsync();
        var closed = await (await Posts.GetAsync($"/api/v1/moderation/reports/{report}", moderator)).ReadJsonAsync();
        Assert.Equal(("author removed it", moderator.Username), (closed.GetProperty("notes").GetString(), closed.GetProperty("resolvedBy").GetString()));
        await (await Posts.GetAsync($"/api/v1/moderation/reports/{report}", follower)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await Posts.GetAsync($"/api/v1/moderation/reports/{Guid.NewGuid()}", moderator)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_moderators_reach_the_queue()
    {
        var (someone, reporter) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var report = (await (await ReportAsync(reporter, "user", someone.Id)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await (await Posts.GetAsync("/api/v1/moderation/reports", someone)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await Posts.GetAsync("/api/v1/moderation/reports", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/review", someone)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", reporter, new { outcome = "dismissed" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("open", await Posts.ScalarAsync<string>("SELECT status FROM reports WHERE id = @report", new { report }));
    }
}
