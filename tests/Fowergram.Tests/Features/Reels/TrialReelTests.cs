using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// Trial reels (docs/reels.md "Trial reels"): hidden from the author's followers and close friends until shared, shown to
/// everyone else; the author's list; sharing; the trial-reels job. The job settles every due trial of the database and the
/// tests move the clock, so the class has a database and a clock of its own (as ScheduledReelTests).
/// </summary>
public sealed class TrialReelTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private readonly ReelsClient _reels = new(host.App);
    private PostsClient Posts => _reels.Posts;

    private async Task<HttpResponseMessage> PostTrialAsync(TestUser author, string caption = "", bool autoShare = false)
    {
        var slot = await _reels.VideoAsync(author);
        return await _reels.CreateAsync(author, new { uploadId = slot.UploadId, caption, durationSeconds = 10, trial = true, trialAutoShare = autoShare });
    }

    private async Task<Guid> TrialAsync(TestUser author, string caption = "", bool autoShare = false)
    {
        var reel = await (await PostTrialAsync(author, caption, autoShare)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("running", reel.GetProperty("trial").GetProperty("status").GetString());
        host.App.Clock.Advance(TimeSpan.FromSeconds(1)); // later reels are strictly newer
        return reel.GetProperty("id").GetGuid();
    }

    private async Task<Guid> ReelAsync(TestUser author)
    {
        var id = await _reels.ReelIdAsync(author, "plain");
        host.App.Clock.Advance(TimeSpan.FromSeconds(1));
        return id;
    }

    private TestUser Fresh(TestUser user) => Posts.Media.WithFreshToken(user);

    private Task RunJobAsync() =>
        host.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == TrialReelsJob.JobName).RunAsync(host.App.Clock.GetUtcNow(), CancellationToken.None);

    private async Task<List<Guid>> IdsAsync(string path, TestUser? viewer) =>
        (await (await _reels.GetAsync(path, viewer)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private async Task<bool> SeesAsync(TestUser? viewer, Guid reel) =>
        (await _reels.GetAsync($"/api/v1/reels/{reel}", viewer)).StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            var other => throw new InvalidOperationException($"GET /reels/{reel} answered {other}"),
        };

    private Task<long> NoticesAsync(TestUser recipient, string type, Guid reel) => Posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @recipient AND type = @type AND entity_id = @reel", new { recipient = recipient.Id, type, reel });

    /// <summary>Notices as GET /notifications shows them (read-time visibility applied).</summary>
    private async Task<List<(string Type, Guid? Entity)>> InboxAsync(TestUser user) =>
        (await (await _reels.GetAsync("/api/v1/notifications", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
        .Select(n => (n.GetProperty("type").GetString()!, n.TryGetProperty("entityId", out var e) ? e.GetGuid() : (Guid?)null)).ToList();

    private async Task<TestUser> FollowerWithReelNoticesAsync(TestUser author)
    {
        var follower = await Posts.NewUserAsync();
        await Posts.FollowAsync(follower, author);
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{author.Username}/notifications", follower, new { reels = true })).ReadJsonAsync();
        return follower;
    }

    private Task<string> StatusAsync(Guid reel) => Posts.ScalarAsync<string>("SELECT trial_status FROM reels WHERE id = @reel", new { reel });

    [Fact]
    public async Task A_running_trial_is_hidden_from_followers_and_close_friends_everywhere_and_shown_to_everyone_else()
    {
        var author = await Posts.NewUserAsync();
        var follower = await FollowerWithReelNoticesAsync(author);
        var (closeFriend, stranger) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/close-friends/{closeFriend.Username}", author)).EnsureSuccessStatusCode();
        var tag = "trial" + Guid.NewGuid().ToString("N")[..8];

        var trial = await TrialAsync(author, $"Trying #{tag} with @{follower.Username} and @{stranger.Username}");
        await _reels.SettleAsync(trial);

        Assert.False(await SeesAsync(follower, trial));
        Assert.False(await SeesAsync(closeFriend, trial));
        Assert.DoesNotContain(trial, await IdsAsync($"/api/v1/users/{author.Username}/reels", follower));
        Assert.DoesNotContain(trial, await IdsAsync("/api/v1/reels/following", follower));
        // The trial is its tag's only use: to a follower the tag is unknown (HashtagPrivateUseTests).
        await (await _reels.GetAsync($"/api/v1/hashtags/{tag}/reels", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await NoticesAsync(follower, "new_reel", trial));
        Assert.Equal(0, await NoticesAsync(follower, "mention", trial));
        // Comments and likes of a trial reach its author, never a follower's inbox (can_view_entity keeps followers out).
        Assert.DoesNotContain(await InboxAsync(follower), n => n.Entity == trial);

        Assert.True(await SeesAsync(stranger, trial));
        Assert.True(await SeesAsync(null, trial));
        Assert.Contains(trial, await IdsAsync($"/api/v1/users/{author.Username}/reels", stranger));
        Assert.Contains(trial, await IdsAsync($"/api/v1/hashtags/{tag}/reels", null));
        Assert.Equal(1, await NoticesAsync(stranger, "mention", trial));
        var seen = await (await _reels.GetAsync($"/api/v1/reels/{trial}", stranger)).ReadJsonAsync();
        Assert.False(seen.TryGetProperty("trial", out _)); // nobody but the author is told it is a trial
        var own = await (await _reels.GetAsync($"/api/v1/reels/{trial}", author)).ReadJsonAsync();
        Assert.Equal("running", own.GetProperty("trial").GetProperty("status").GetString());

        // Visibility is decided at read time: following the author now hides the trial, unfollowing shows it again.
        await Posts.FollowAsync(stranger, author);
        Assert.False(await SeesAsync(stranger, trial));
        Assert.DoesNotContain(trial, await IdsAsync($"/api/v1/users/{author.Username}/reels", stranger));
        Assert.DoesNotContain(await InboxAsync(stranger), n => n.Entity == trial);
        (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{author.Username}/follow", stranger)).EnsureSuccessStatusCode();
        Assert.True(await SeesAsync(stranger, trial));
    }

    [Fact]
    public async Task Sharing_a_trial_shows_it_to_followers_with_the_notices_a_new_reel_gets_once()
    {
        var author = await Posts.NewUserAsync();
        var follower = await FollowerWithReelNoticesAsync(author);
        var trial = await TrialAsync(author, $"Now for @{follower.Username}");
        await _reels.SettleAsync(trial);

        var shared = await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{trial}/trial/share", author)).ReadJsonAsync();
        Assert.Equal("shared", shared.GetProperty("trial").GetProperty("status").GetString());
        await _reels.SettleAsync(trial);

        Assert.True(await SeesAsync(follower, trial));
        Assert.Contains(trial, await IdsAsync($"/api/v1/users/{author.Username}/reels", follower));
        Assert.Contains(trial, await IdsAsync("/api/v1/reels/following", follower));
        Assert.Equal(1, await NoticesAsync(follower, "new_reel", trial));
        Assert.Equal(1, await NoticesAsync(follower, "mention", trial));

        // Sharing again answers the reel and announces nothing more.
        (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{trial}/trial/share", author)).EnsureSuccessStatusCode();
        await _reels.SettleAsync(trial);
        Assert.Single(await _reels.EventsAsync(trial), e => e.Type == ReelEvents.TrialShared);
        Assert.Equal(1, await NoticesAsync(follower, "new_reel", trial));
    }

    [Fact]
    public async Task The_author_lists_their_trials_newest_first_with_status_and_performance()
    {
        var author = await Posts.NewUserAsync();
        var viewer = await Posts.NewUserAsync();
        var first = await TrialAsync(author);
        await ReelAsync(author);
        var second = await TrialAsync(author, autoShare: true);
        (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{first}/trial/share", author)).EnsureSuccessStatusCode();
        (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{second}/views", viewer)).EnsureSuccessStatusCode();
        (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{second}/like", viewer)).EnsureSuccessStatusCode();
        await _reels.SettleAsync(first, second);

        var items = (await (await _reels.GetAsync("/api/v1/users/me/reels/trials", author)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal([second, first], items.Select(i => i.GetProperty("reel").GetProperty("id").GetGuid()));
        Assert.Equal(["running", "shared"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.True(items[0].GetProperty("autoShare").GetBoolean());
        Assert.False(items[0].TryGetProperty("settledAt", out _));
        Assert.True(items[1].TryGetProperty("settledAt", out _));
        var performance = items[0].GetProperty("performance");
        Assert.Equal(1, performance.GetProperty("plays").GetInt64());
        Assert.Equal(1, performance.GetProperty("viewers").GetInt64());
        Assert.Equal(1, performance.GetProperty("likes").GetInt64());
        Assert.Equal(0, performance.GetProperty("comments").GetInt64());
        Assert.Empty((await (await _reels.GetAsync("/api/v1/users/me/reels/trials", viewer)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        await (await _reels.GetAsync("/api/v1/users/me/reels/trials", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _reels.GetAsync("/api/v1/users/me/reels/trials?limit=0", author)).AssertValidationErrorAsync("limit");
    }

    [Fact]
    public async Task The_job_ends_trials_after_72_hours_and_shares_only_those_that_beat_the_authors_median_plays()
    {
        var author = await Posts.NewUserAsync();
        var follower = await FollowerWithReelNoticesAsync(author);
        foreach (var plays in new[] { 4, 1, 2 }) // median 2
            await Posts.ExecuteAsync("UPDATE reel_stats SET play_count = @plays WHERE reel_id = @id", new { plays, id = await ReelAsync(author) });
        var beats = await TrialAsync(author, autoShare: true);
        var falls = await TrialAsync(author, autoShare: true);
        var notAsked = await TrialAsync(author);
        var fewReels = await Posts.NewUserAsync();
        await Posts.ExecuteAsync("UPDATE reel_stats SET play_count = 1 WHERE reel_id = @id", new { id = await ReelAsync(fewReels) });
        var nothingToCompare = await TrialAsync(fewReels, autoShare: true);
        await Posts.ExecuteAsync("UPDATE reel_stats SET play_count = 3 WHERE reel_id = @beats", new { beats });
        await Posts.ExecuteAsync("UPDATE reel_stats SET play_count = 2 WHERE reel_id = @falls", new { falls });
        await Posts.ExecuteAsync("UPDATE reel_stats SET play_count = 99 WHERE reel_id = ANY(@ids)", new { ids = new[] { notAsked, nothingToCompare } });

        host.App.Clock.Advance(TimeSpan.FromHours(71));
        await RunJobAsync();
        Assert.Equal("running", await StatusAsync(beats));

        host.App.Clock.Advance(TimeSpan.FromHours(1));
        await RunJobAsync();
        await RunJobAsync(); // a second run finds nothing left to settle
        (author, follower) = (Fresh(author), Fresh(follower)); // the clock moved past their tokens' life
        await _reels.SettleAsync(beats, falls, notAsked);

        Assert.Equal(["shared", "ended", "ended", "ended"],
            [await StatusAsync(beats), await StatusAsync(falls), await StatusAsync(notAsked), await StatusAsync(nothingToCompare)]);
        Assert.True(await SeesAsync(follower, beats));
        Assert.Equal(1, await NoticesAsync(follower, "new_reel", beats));
        Assert.False(await SeesAsync(follower, falls));
        Assert.False(await SeesAsync(follower, notAsked));
        Assert.True(await SeesAsync(await Posts.NewUserAsync(), falls)); // ended: still shown to non-followers
        Assert.Equal(1, await NoticesAsync(author, "system", beats));
        Assert.Equal(1, await NoticesAsync(author, "system", falls));

        // An ended trial is still the author's to share, once they have seen how it did: announced as a new reel then.
        var settledAt = await Posts.ScalarAsync<DateTimeOffset>("SELECT trial_settled_at FROM reels WHERE id = @falls", new { falls });
        (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{falls}/trial/share", author)).EnsureSuccessStatusCode();
        (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{falls}/trial/share", author)).EnsureSuccessStatusCode(); // once
        await _reels.SettleAsync(falls);
        Assert.Equal("shared", await StatusAsync(falls));
        Assert.Equal(settledAt, await Posts.ScalarAsync<DateTimeOffset>("SELECT trial_settled_at FROM reels WHERE id = @falls", new { falls }));
        Assert.True(await SeesAsync(follower, falls));
        Assert.Equal(1, await NoticesAsync(follower, "new_reel", falls));
    }

    [Fact]
    public async Task A_trial_past_its_end_can_be_shared_before_the_job_has_run_and_the_job_then_leaves_it_alone()
    {
        var author = await Posts.NewUserAsync();
        var trial = await TrialAsync(author);
        host.App.Clock.Advance(TrialReelRules.Length);
        author = Fresh(author);

        (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{trial}/trial/share", author)).EnsureSuccessStatusCode();
        await RunJobAsync();
        Assert.Equal("shared", await StatusAsync(trial));
        Assert.Equal(0, await NoticesAsync(author, "system", trial)); // the job found nothing running to settle
    }

    [Fact]
    public async Task The_job_settles_a_trial_whose_like_is_in_flight_without_waiting_for_it()
    {
        var author = await Posts.NewUserAsync();
        var trial = await TrialAsync(author);
        host.App.Clock.Advance(TrialReelRules.Length);

        // What the foreign key check of a like, comment or view of the reel holds until its transaction ends. The job's lock
        // (FOR NO KEY UPDATE) does not conflict with it; FOR UPDATE did, so SKIP LOCKED left a reel being liked running.
        await using var liker = await Posts.Db.OpenConnectionAsync();
        await using var inFlight = await liker.BeginTransactionAsync();
        Assert.Equal(1, await liker.ExecuteScalarAsync<int>("SELECT 1 FROM reels WHERE id = @trial FOR KEY SHARE", new { trial }, inFlight));
        await RunJobAsync();
        await inFlight.CommitAsync();

        Assert.Equal("ended", await StatusAsync(trial));
        Assert.Equal(1, await NoticesAsync(author, "system", trial));
    }

    [Fact]
    public async Task Private_accounts_cannot_post_trials_and_bad_input_changes_nothing()
    {
        var privateAuthor = await Posts.NewUserAsync(isPrivate: true);
        var slot = await _reels.VideoAsync(privateAuthor);
        var refused = await _reels.CreateAsync(privateAuthor, new { uploadId = slot.UploadId, durationSeconds = 10, trial = true });
        await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("pending", await Posts.Media.StatusInDatabaseAsync(slot.UploadId));
        Assert.Equal(0, await Posts.ScalarAsync<long>("SELECT count(*) FROM reels WHERE user_id = @id", new { id = privateAuthor.Id }));

        var author = await Posts.NewUserAsync();
        var other = await _reels.VideoAsync(author);
        await (await _reels.CreateAsync(author, new { uploadId = other.UploadId, durationSeconds = 10, trialAutoShare = true }))
            .AssertValidationErrorAsync("trialAutoShare");
        Assert.Equal("pending", await Posts.Media.StatusInDatabaseAsync(other.UploadId));

        var trial = await TrialAsync(author);
        var plain = await ReelAsync(author);
        var stranger = await Posts.NewUserAsync();
        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{trial}/trial/share", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{trial}/trial/share", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _reels.SendAsync(HttpMethod.Post, "/api/v1/reels/not-a-uuid/trial/share", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{Guid.NewGuid()}/trial/share", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{plain}/trial/share", author)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("running", await StatusAsync(trial));
        Assert.DoesNotContain(await _reels.EventsAsync(trial), e => e.Type == ReelEvents.TrialShared);
    }
}
