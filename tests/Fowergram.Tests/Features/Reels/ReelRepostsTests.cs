using System.Net;
using System.Text.Json;
using Fowergram.Platform.Purge;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// Reposts of reels (docs/reels.md "Reposts"): who may repost what (trials included), the reposter's reels tab, the reposters
/// list, counts on the reel views, notices, the shared author switch, purge and export.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelRepostsTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);
    private PostsClient Posts => _reels.Posts;

    private Task<HttpResponseMessage> RepostAsync(TestUser user, Guid reel) => _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/repost", user);

    private Task<HttpResponseMessage> UndoAsync(TestUser user, Guid reel) => _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}/repost", user);

    private async Task<List<Guid>> TabAsync(TestUser owner, TestUser? viewer) =>
        Ids(await (await _reels.GetAsync($"/api/v1/users/{owner.Username}/reposts/reels?limit=50", viewer)).ReadJsonAsync());

    private async Task<List<Guid>> RepostersAsync(Guid reel, TestUser? viewer) =>
        Ids(await (await _reels.GetAsync($"/api/v1/reels/{reel}/reposts?limit=50", viewer)).ReadJsonAsync());

    private async Task<JsonElement> ViewAsync(Guid reel, TestUser? viewer) =>
        await (await _reels.GetAsync($"/api/v1/reels/{reel}", viewer)).ReadJsonAsync();

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private Task<long> NoticesAsync(TestUser recipient, Guid reel) => Posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @id AND type = 'repost' AND entity_type = 'reel' AND entity_id = @reel",
        new { id = recipient.Id, reel });

    private Task<long> RowsAsync(Guid reel) => Posts.ScalarAsync<long>("SELECT count(*) FROM reel_reposts WHERE reel_id = @reel", new { reel });

    private async Task SetSwitchAsync(TestUser author, bool allowed)
    {
        var answer = await (await _reels.SendAsync(HttpMethod.Put, "/api/v1/users/me/repost-permission", author, new { allowed })).ReadJsonAsync();
        Assert.Equal(allowed, answer.GetProperty("allowed").GetBoolean());
    }

    /// <summary>An author with a reel, a reposter who reposted it, and a follower of the reposter only; events settled.</summary>
    private async Task<(TestUser Author, TestUser Reposter, TestUser Fan, Guid Reel)> RepostedAsync()
    {
        var (author, reposter, fan) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await Posts.FollowAsync(fan, reposter);
        var reel = await _reels.ReelIdAsync(author, "Worth sharing");
        await (await RepostAsync(reposter, reel)).EnsureNoContentAsync();
        await _reels.SettleAsync(reel);
        return (author, reposter, fan, reel);
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    [InlineData("DELETE FROM users WHERE id = @id")]
    public async Task A_token_whose_account_is_gone_reposts_nothing(string change)
    {
        // Tokens outlive accounts: a repost needs a live reposter (the row gone was a foreign-key 500; a deleted one reposted).
        var (author, reposter) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author);
        await Posts.ExecuteAsync(change, new { id = reposter.Id });

        await (await RepostAsync(reposter, reel)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await RowsAsync(reel));
        Assert.DoesNotContain(await _reels.EventsAsync(reel), e => e.Type == Fowergram.Features.Reels.ReelEvents.Reposted);
    }

    [Fact]
    public async Task A_repost_shows_on_the_reposters_reels_tab_counts_on_the_reel_views_and_tells_the_author()
    {
        var (author, reposter, fan, reel) = await RepostedAsync();

        Assert.Equal([reel], await TabAsync(reposter, fan));
        Assert.Equal([reel], await TabAsync(reposter, null)); // a public reposter's tab, to guests too
        Assert.Equal([reposter.Id], await RepostersAsync(reel, fan));
        Assert.Empty(await TabAsync(author, fan)); // the author's own reels are not reposts
        var view = await ViewAsync(reel, reposter);
        Assert.Equal(1, view.GetProperty("repostCount").GetInt64());
        Assert.True(view.GetProperty("isReposted").GetBoolean());
        Assert.Equal(author.Username, view.GetProperty("author").GetProperty("username").GetString()); // still the author's reel
        Assert.False((await ViewAsync(reel, fan)).GetProperty("isReposted").GetBoolean());
        // Lists build the same views: the author's reels tab and the reposter's tab carry the count and the caller's flag.
        var listed = (await (await _reels.GetAsync($"/api/v1/users/{author.Username}/reels", reposter)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == reel);
        Assert.Equal(1, listed.GetProperty("repostCount").GetInt64());
        Assert.True(listed.GetProperty("isReposted").GetBoolean());

        Assert.Equal(1L, await NoticesAsync(author, reel));
        var notice = (await (await _reels.GetAsync("/api/v1/notifications", author)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("type").GetString() == "repost");
        Assert.Equal($"{reposter.Username} reposted your reel.", notice.GetProperty("text").GetString());
        Assert.Equal("reel", notice.GetProperty("entityType").GetString());
        Assert.Equal(reel, notice.GetProperty("entityId").GetGuid());
    }

    [Fact]
    public async Task Reposting_twice_changes_nothing_and_undoing_takes_the_tab_entry_the_count_and_the_notice_back()
    {
        var (author, reposter, fan, reel) = await RepostedAsync();
        await (await RepostAsync(reposter, reel)).EnsureNoContentAsync();
        await _reels.SettleAsync(reel);
        Assert.Equal(1L, await RowsAsync(reel));
        Assert.Equal(1L, await NoticesAsync(author, reel));

        await (await UndoAsync(reposter, reel)).EnsureNoContentAsync();
        await (await UndoAsync(reposter, reel)).EnsureNoContentAsync(); // idempotent
        await _reels.SettleAsync(reel);

        Assert.Empty(await TabAsync(reposter, fan));
        Assert.Empty(await RepostersAsync(reel, fan));
        Assert.Equal(0, (await ViewAsync(reel, fan)).GetProperty("repostCount").GetInt64());
        Assert.False((await ViewAsync(reel, reposter)).GetProperty("isReposted").GetBoolean());
        Assert.Equal(0L, await NoticesAsync(author, reel));

        await (await RepostAsync(reposter, reel)).EnsureNoContentAsync(); // repost, undo, repost: one notice
        await _reels.SettleAsync(reel);
        Assert.Equal(1L, await NoticesAsync(author, reel));
    }

    [Fact]
    public async Task Own_private_unwilling_and_invisible_reels_cannot_be_reposted_and_nothing_is_written()
    {
        var (author, reposter) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author);
        await (await RepostAsync(author, reel)).AssertProblemAsync(HttpStatusCode.Conflict);

        var shy = await _reels.NewUserAsync(isPrivate: true);
        await Posts.FollowAsync(reposter, shy); // an approved follower sees the reel, but may not repost it
        var privateReel = await _reels.ReelIdAsync(shy);
        await (await RepostAsync(reposter, privateReel)).AssertProblemAsync(HttpStatusCode.Conflict);

        var unwilling = await _reels.NewUserAsync();
        await SetSwitchAsync(unwilling, false); // the posts' switch covers reels too
        var unwillingReel = await _reels.ReelIdAsync(unwilling);
        await (await RepostAsync(reposter, unwillingReel)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var blocker = await _reels.NewUserAsync();
        var blocked = await _reels.ReelIdAsync(blocker);
        await Posts.BlockAsync(blocker, reposter);
        await (await RepostAsync(reposter, blocked)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RepostAsync(reposter, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.SendAsync(HttpMethod.Put, "/api/v1/reels/not-a-reel/repost", reposter)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await UndoAsync(reposter, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RepostAsync(null!, reel)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM reel_reposts WHERE user_id = ANY(@ids)",
            new { ids = new[] { author.Id, reposter.Id } }));
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'reel.reposted' AND actor_id = ANY(@ids)",
            new { ids = new[] { author.Id, reposter.Id } }));
    }

    [Fact]
    public async Task A_running_trial_is_a_409_to_a_non_follower_and_a_404_to_a_follower_and_can_be_reposted_once_shared()
    {
        var (author, stranger, follower) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await Posts.FollowAsync(follower, author);
        var slot = await _reels.VideoAsync(author);
        var trial = (await (await _reels.CreateAsync(author, new { uploadId = slot.UploadId, caption = "", durationSeconds = 10, trial = true }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await (await RepostAsync(stranger, trial)).AssertProblemAsync(HttpStatusCode.Conflict); // sees it, may not take it to followers
        await (await RepostAsync(follower, trial)).AssertProblemAsync(HttpStatusCode.NotFound); // does not see it at all
        await (await _reels.GetAsync($"/api/v1/reels/{trial}/reposts", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await RowsAsync(trial));

        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{trial}/trial/share", author)).ReadJsonAsync();
        await (await RepostAsync(stranger, trial)).EnsureNoContentAsync();
        await (await RepostAsync(follower, trial)).EnsureNoContentAsync();
        Assert.Equal(2L, await RowsAsync(trial));
    }

    [Fact]
    public async Task A_trial_reposted_rows_never_show_to_the_authors_followers_while_it_runs()
    {
        // A row written around the rule (another tool, a race) is still read through the reel's visibility: the trial stays hidden.
        var (author, reposter, fan) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await Posts.FollowAsync(fan, reposter);
        await Posts.FollowAsync(fan, author);
        var slot = await _reels.VideoAsync(author);
        var trial = (await (await _reels.CreateAsync(author, new { uploadId = slot.UploadId, caption = "", durationSeconds = 10, trial = true }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await Posts.ExecuteAsync("INSERT INTO reel_reposts (user_id, reel_id, created_at) VALUES (@user, @trial, now())", new { user = reposter.Id, trial });

        Assert.Empty(await TabAsync(reposter, fan));
        Assert.Equal([trial], await TabAsync(reposter, null));
    }

    [Fact]
    public async Task Turning_reposts_off_or_going_private_hides_the_reel_reposts_made_before_until_undone()
    {
        var (author, reposter, fan, reel) = await RepostedAsync();

        await SetSwitchAsync(author, false);
        Assert.Empty(await TabAsync(reposter, fan));
        Assert.Empty(await RepostersAsync(reel, fan));
        Assert.Equal(0, (await ViewAsync(reel, fan)).GetProperty("repostCount").GetInt64());

        await SetSwitchAsync(author, true);
        Assert.Equal([reel], await TabAsync(reposter, fan));
        Assert.Equal(1, (await ViewAsync(reel, fan)).GetProperty("repostCount").GetInt64());

        await Posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = author.Id });
        await Posts.FollowAsync(fan, author); // even an approved follower of the author no longer sees it as a repost
        Assert.Empty(await TabAsync(reposter, fan));
        Assert.Empty(await RepostersAsync(reel, fan));
        Assert.Equal(0, (await ViewAsync(reel, fan)).GetProperty("repostCount").GetInt64());
    }

    [Fact]
    public async Task A_blocked_author_is_left_out_of_the_tab_a_deleted_reel_too_and_a_private_reposters_tab_is_for_its_followers()
    {
        var (author, reposter, fan, reel) = await RepostedAsync();
        var (blocker, stranger) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await Posts.BlockAsync(blocker, author); // the author, not the reposter
        Assert.Empty(await TabAsync(reposter, blocker));

        await Posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = reposter.Id });
        await (await _reels.GetAsync($"/api/v1/users/{reposter.Username}/reposts/reels", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([reel], await TabAsync(reposter, fan));
        Assert.Equal([reel], Ids(await (await _reels.GetAsync("/api/v1/users/me/reposts/reels", reposter)).ReadJsonAsync()));

        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}", author)).EnsureNoContentAsync();
        Assert.Empty(await TabAsync(reposter, fan));
    }

    [Fact]
    public async Task The_reposter_can_undo_a_repost_of_a_reel_they_can_no_longer_see()
    {
        var (author, reposter, _, reel) = await RepostedAsync();
        await Posts.BlockAsync(author, reposter);
        await (await _reels.GetAsync($"/api/v1/reels/{reel}", reposter)).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await UndoAsync(reposter, reel)).EnsureNoContentAsync();

        Assert.Equal(0L, await RowsAsync(reel));
    }

    [Fact]
    public async Task Bad_input_to_the_lists_is_a_problem_and_changes_nothing()
    {
        var (author, reposter, _, reel) = await RepostedAsync();
        await (await _reels.GetAsync($"/api/v1/reels/{reel}/reposts?limit=0", author)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _reels.GetAsync($"/api/v1/users/{reposter.Username}/reposts/reels?cursor=nonsense", author))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _reels.GetAsync("/api/v1/users/nobody-at-all-here/reposts/reels", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.GetAsync("/api/v1/users/me/reposts/reels", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _reels.GetAsync($"/api/v1/reels/{Guid.NewGuid()}/reposts", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.GetAsync("/api/v1/reels/not-a-reel/reposts", author)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(1L, await RowsAsync(reel));
    }

    [Fact]
    public async Task Reposters_are_paged_newest_first_and_accounts_blocked_either_way_are_left_out()
    {
        var author = await _reels.NewUserAsync();
        var reel = await _reels.ReelIdAsync(author);
        var reposters = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            var user = await _reels.NewUserAsync();
            await (await RepostAsync(user, reel)).EnsureNoContentAsync();
            reposters.Add(user);
        }
        await Posts.ExecuteAsync("""
            UPDATE reel_reposts SET created_at = now() - (10 - n) * interval '1 minute' FROM unnest(@ids) WITH ORDINALITY AS x(id, n) WHERE user_id = x.id
            """, new { ids = reposters.Select(r => r.Id).ToArray() });
        var viewer = await _reels.NewUserAsync();
        await Posts.BlockAsync(reposters[1], viewer);

        var first = await (await _reels.GetAsync($"/api/v1/reels/{reel}/reposts?limit=1", viewer)).ReadJsonAsync();
        var rest = await (await _reels.GetAsync($"/api/v1/reels/{reel}/reposts?cursor={first.GetProperty("nextCursor").GetString()}", viewer))
            .ReadJsonAsync();

        Assert.Equal([reposters[2].Id, reposters[0].Id], Ids(first).Concat(Ids(rest)).ToList());
        Assert.Equal(3, (await ViewAsync(reel, viewer)).GetProperty("repostCount").GetInt64());
    }

    [Fact]
    public async Task The_tab_is_newest_repost_first_and_paged_by_the_repost_time()
    {
        var (author, reposter) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var (older, newer) = (await _reels.ReelIdAsync(author), await _reels.ReelIdAsync(author));
        await (await RepostAsync(reposter, newer)).EnsureNoContentAsync();
        await (await RepostAsync(reposter, older)).EnsureNoContentAsync();
        // A minute before the app's clock, which stands still while the database's now() runs on.
        await Posts.ExecuteAsync("UPDATE reel_reposts SET created_at = @at WHERE user_id = @id AND reel_id = @newer",
            new { id = reposter.Id, newer, at = app.Clock.GetUtcNow().AddMinutes(-1) });

        var first = await (await _reels.GetAsync($"/api/v1/users/{reposter.Username}/reposts/reels?limit=1", null)).ReadJsonAsync();
        var rest = await (await _reels.GetAsync(
            $"/api/v1/users/{reposter.Username}/reposts/reels?cursor={first.GetProperty("nextCursor").GetString()}", null)).ReadJsonAsync();

        Assert.Equal([older, newer], Ids(first).Concat(Ids(rest)).ToList()); // the older reel, reposted last, comes first
    }

    [Fact]
    public async Task A_purged_reposters_reel_reposts_and_their_notices_go_and_the_export_lists_reel_reposts()
    {
        var (author, reposter, _, reel) = await RepostedAsync();
        var export = await (await _reels.GetAsync("/api/v1/users/me/export", reposter)).ReadJsonAsync();
        var row = Assert.Single(export.GetProperty("reelReposts").EnumerateArray());
        Assert.Equal(reel, row.GetProperty("reelId").GetGuid());
        Assert.Equal(author.Username, row.GetProperty("author").GetString());
        Assert.Empty((await (await _reels.GetAsync("/api/v1/users/me/export", author)).ReadJsonAsync()).GetProperty("reelReposts").EnumerateArray());

        var step = app.Services.GetServices<IAccountPurgeStep>().Single(s => s.Name == "reels");
        await using (var conn = await Posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            while (await step.PurgeAsync(conn, tx, reposter.Id, 100, app.Clock.GetUtcNow(), CancellationToken.None) > 0) { }
            await tx.CommitAsync();
        }
        await _reels.SettleAsync(reel);

        Assert.Equal(0L, await RowsAsync(reel));
        Assert.Equal(0L, await NoticesAsync(author, reel));
    }
}
