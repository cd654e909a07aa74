using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Platform.Purge;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Posts;

/// <summary>Reposts (docs/posts.md "Reposts"): who may repost what, the Reposts tab, the reposters list, counts, notices and the feed.</summary>
[Collection(ApiCollection.Name)]
public sealed class RepostsTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<HttpResponseMessage> RepostAsync(TestUser user, Guid post) => _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/repost", user);

    private Task<HttpResponseMessage> UndoAsync(TestUser user, Guid post) => _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/repost", user);

    private async Task<List<Guid>> TabAsync(TestUser owner, TestUser? viewer) =>
        Ids(await (await _posts.GetAsync($"/api/v1/users/{owner.Username}/reposts?limit=50", viewer)).ReadJsonAsync());

    private async Task<List<Guid>> RepostersAsync(Guid post, TestUser? viewer) =>
        Ids(await (await _posts.GetAsync($"/api/v1/posts/{post}/reposts?limit=50", viewer)).ReadJsonAsync());

    private async Task<JsonElement> ViewAsync(Guid post, TestUser? viewer) =>
        await (await _posts.GetAsync($"/api/v1/posts/{post}", viewer)).ReadJsonAsync();

    private async Task<JsonElement?> FeedItemAsync(TestUser reader, Guid post)
    {
        var feed = await (await _posts.GetAsync("/api/v1/feed?limit=50", reader)).ReadJsonAsync();
        foreach (var item in feed.GetProperty("items").EnumerateArray())
            if (item.GetProperty("id").GetGuid() == post) return item;
        return null;
    }

    private static string? RepostedBy(JsonElement item) =>
        item.TryGetProperty("repostedBy", out var by) ? by.GetProperty("username").GetString() : null;

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private Task<long> NoticesAsync(TestUser recipient, Guid post) => _posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @id AND type = 'repost' AND entity_id = @post", new { id = recipient.Id, post });

    private Task<long> RowsAsync(Guid post) => _posts.ScalarAsync<long>("SELECT count(*) FROM reposts WHERE post_id = @post", new { post });

    /// <summary>An author with a post, a reposter who reposted it, and a follower of the reposter only; events settled.</summary>
    private async Task<(TestUser Author, TestUser Reposter, TestUser Fan, Guid Post)> RepostedAsync()
    {
        var (author, reposter, fan) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(fan, reposter);
        var post = await _posts.PostIdAsync(author, "Worth sharing");
        await (await RepostAsync(reposter, post)).EnsureNoContentAsync();
        await _posts.SettleAsync(post);
        return (author, reposter, fan, post);
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    [InlineData("DELETE FROM users WHERE id = @id")]
    public async Task A_token_whose_account_is_gone_reposts_nothing(string change)
    {
        // Tokens outlive accounts: a deleted or deactivated reposter reposted (the author told); a purged one was a 500.
        var (author, reposter) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        await _posts.ExecuteAsync(change, new { id = reposter.Id });

        await (await RepostAsync(reposter, post)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await RowsAsync(post));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'post.reposted' AND actor_id = @id",
            new { id = reposter.Id }));
    }

    [Fact]
    public async Task A_repost_shows_on_the_reposters_tab_counts_on_the_post_tells_the_author_and_reaches_the_reposters_followers_feed()
    {
        var (author, reposter, fan, post) = await RepostedAsync();

        Assert.Equal([post], await TabAsync(reposter, fan));
        Assert.Equal([post], await TabAsync(reposter, null)); // a public reposter's tab, to guests too
        Assert.Equal([reposter.Id], await RepostersAsync(post, fan));
        var view = await ViewAsync(post, reposter);
        Assert.Equal(1, view.GetProperty("repostCount").GetInt64());
        Assert.True(view.GetProperty("isReposted").GetBoolean());
        Assert.False((await ViewAsync(post, fan)).GetProperty("isReposted").GetBoolean());
        Assert.Equal(1L, await NoticesAsync(author, post));
        var notice = (await (await _posts.GetAsync("/api/v1/notifications", author)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("type").GetString() == "repost");
        Assert.Equal($"{reposter.Username} reposted your post.", notice.GetProperty("text").GetString());

        var item = await FeedItemAsync(fan, post);
        Assert.NotNull(item);
        Assert.Equal(author.Username, item.Value.GetProperty("author").GetProperty("username").GetString()); // still the author's post
        Assert.Equal(reposter.Username, RepostedBy(item.Value));
        Assert.Null(await FeedItemAsync(reposter, post)); // not into the reposter's own feed
    }

    [Fact]
    public async Task A_feed_item_says_whether_its_reader_reposted_it_as_the_post_view_does()
    {
        var (_, _, fan, post) = await RepostedAsync();
        var item = await FeedItemAsync(fan, post);
        Assert.NotNull(item);
        Assert.False(item.Value.GetProperty("isReposted").GetBoolean());

        await (await RepostAsync(fan, post)).EnsureNoContentAsync();
        Assert.True((await FeedItemAsync(fan, post))!.Value.GetProperty("isReposted").GetBoolean());
        await (await UndoAsync(fan, post)).EnsureNoContentAsync();
        Assert.False((await FeedItemAsync(fan, post))!.Value.GetProperty("isReposted").GetBoolean());
    }

    [Fact]
    public async Task Reposting_twice_changes_nothing_and_undoing_takes_the_tab_entry_the_notice_and_the_feed_entries_back()
    {
        var (author, reposter, fan, post) = await RepostedAsync();
        await (await RepostAsync(reposter, post)).EnsureNoContentAsync();
        await _posts.SettleAsync(post);
        Assert.Equal(1L, await RowsAsync(post));
        Assert.Equal(1L, await NoticesAsync(author, post));

        await (await UndoAsync(reposter, post)).EnsureNoContentAsync();
        await (await UndoAsync(reposter, post)).EnsureNoContentAsync(); // idempotent
        await _posts.SettleAsync(post);

        Assert.Empty(await TabAsync(reposter, fan));
        Assert.Empty(await RepostersAsync(post, fan));
        Assert.Equal(0, (await ViewAsync(post, fan)).GetProperty("repostCount").GetInt64());
        Assert.Equal(0L, await NoticesAsync(author, post));
        Assert.Null(await FeedItemAsync(fan, post));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE post_id = @post AND author_id = @via",
            new { post, via = reposter.Id }));
    }

    [Fact]
    public async Task A_reader_who_follows_the_author_sees_the_post_once_and_not_as_a_repost()
    {
        var (author, reposter, fan, post) = await RepostedAsync();
        var both = await _posts.NewUserAsync();
        await _posts.FollowAsync(both, author);
        await _posts.FollowAsync(both, reposter);
        // The follower of both got the author's entry first; the reposter's entry would be the same (reader, post).
        await _posts.ExecuteAsync("""
            INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
            SELECT @reader, created_at, id, @via FROM posts WHERE id = @post ON CONFLICT DO NOTHING
            """, new { reader = both.Id, via = reposter.Id, post });

        var feed = await (await _posts.GetAsync("/api/v1/feed?limit=50", both)).ReadJsonAsync();
        var item = Assert.Single(feed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == post);
        Assert.Null(RepostedBy(item)); // the reader follows the author: nothing to explain
        Assert.Equal(reposter.Username, RepostedBy((await FeedItemAsync(fan, post))!.Value));
    }

    [Fact]
    public async Task Own_private_unwilling_co_authored_and_invisible_posts_cannot_be_reposted_and_nothing_is_written()
    {
        var (author, reposter) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        await (await RepostAsync(author, post)).AssertProblemAsync(HttpStatusCode.Conflict);

        var shy = await _posts.NewUserAsync(isPrivate: true);
        await _posts.FollowAsync(reposter, shy); // an approved follower sees the post, but may not repost it
        var privatePost = await _posts.PostIdAsync(shy);
        await (await RepostAsync(reposter, privatePost)).AssertProblemAsync(HttpStatusCode.Conflict);

        var unwilling = await _posts.NewUserAsync();
        await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/repost-permission", unwilling, new { allowed = false })).ReadJsonAsync();
        var unwillingPost = await _posts.PostIdAsync(unwilling);
        await (await RepostAsync(reposter, unwillingPost)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var collab = await _posts.PostIdAsync(author);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{collab}/collaborators", author, new { username = reposter.Username }))
            .EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/collab-invitations/{collab}/accept", reposter)).ReadJsonAsync();
        await (await RepostAsync(reposter, collab)).AssertProblemAsync(HttpStatusCode.Conflict);

        var blocker = await _posts.NewUserAsync();
        var blocked = await _posts.PostIdAsync(blocker);
        await _posts.BlockAsync(blocker, reposter);
        await (await RepostAsync(reposter, blocked)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RepostAsync(reposter, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/posts/not-a-post/repost", reposter)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await UndoAsync(reposter, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RepostAsync(null!, post)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM reposts WHERE user_id = ANY(@ids)",
            new { ids = new[] { author.Id, reposter.Id } }));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'post.reposted' AND actor_id = @id",
            new { id = reposter.Id }));
    }

    [Fact]
    public async Task Turning_reposts_off_or_going_private_hides_the_reposts_made_before_everywhere_until_undone()
    {
        var (author, reposter, fan, post) = await RepostedAsync();

        var off = await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/repost-permission", author, new { allowed = false })).ReadJsonAsync();
        Assert.False(off.GetProperty("allowed").GetBoolean());
        Assert.False((await (await _posts.GetAsync("/api/v1/users/me/repost-permission", author)).ReadJsonAsync()).GetProperty("allowed").GetBoolean());
        Assert.Empty(await TabAsync(reposter, fan));
        Assert.Empty(await RepostersAsync(post, fan));
        Assert.Equal(0, (await ViewAsync(post, fan)).GetProperty("repostCount").GetInt64());
        Assert.Null(await FeedItemAsync(fan, post));

        await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/repost-permission", author, new { allowed = true })).ReadJsonAsync();
        Assert.Equal([post], await TabAsync(reposter, fan));
        Assert.NotNull(await FeedItemAsync(fan, post));

        await _posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = author.Id });
        await _posts.FollowAsync(fan, author); // even an approved follower of the author no longer sees it as a repost
        Assert.Empty(await TabAsync(reposter, fan));
        Assert.Equal(0, (await ViewAsync(post, fan)).GetProperty("repostCount").GetInt64());
        var item = await FeedItemAsync(fan, post);
        Assert.True(item is null || RepostedBy(item.Value) is null);
    }

    [Fact]
    public async Task A_post_reached_two_ways_stays_when_one_goes_undone_or_unfollowed_and_leaves_with_the_last()
    {
        var (author, first, second, fan) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowOverHttpAsync(fan, first);
        await _posts.FollowOverHttpAsync(fan, second);
        var post = await _posts.PostIdAsync(author, "Seen twice");
        await (await RepostAsync(first, post)).EnsureNoContentAsync();
        await _posts.SettleAsync(post);
        await (await RepostAsync(second, post)).EnsureNoContentAsync();
        await _posts.SettleAsync(post);
        Assert.Equal(first.Username, RepostedBy((await FeedItemAsync(fan, post))!.Value)); // one entry per reader: the first repost's

        // The first reposter undoes it: the fan still reaches the post through the second.
        await (await UndoAsync(first, post)).EnsureNoContentAsync();
        await _posts.SettleAsync(post);
        Assert.Equal(second.Username, RepostedBy((await FeedItemAsync(fan, post))!.Value));

        // The fan follows the author (the entry becomes the author's: the author's path wins) and unfollows the second: the post stays.
        await _posts.FollowOverHttpAsync(fan, author);
        await _posts.UnfollowOverHttpAsync(fan, second);
        var item = await FeedItemAsync(fan, post);
        Assert.NotNull(item);
        Assert.Null(RepostedBy(item.Value));
        Assert.Equal(author.Id, await _posts.ScalarAsync<Guid>("SELECT author_id FROM feed_entries WHERE user_id = @fan AND post_id = @post",
            new { fan = fan.Id, post }));

        // The last path goes: so does the post.
        await _posts.UnfollowOverHttpAsync(fan, author);
        Assert.Null(await FeedItemAsync(fan, post));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE user_id = @fan AND post_id = @post", new { fan = fan.Id, post }));
    }

    [Fact]
    public async Task Following_a_reposter_brings_its_recent_reposts_into_the_feed()
    {
        var (author, reposter, _, post) = await RepostedAsync();
        var late = await _posts.NewUserAsync();
        await _posts.FollowOverHttpAsync(late, reposter);
        Assert.Equal(reposter.Username, RepostedBy((await FeedItemAsync(late, post))!.Value));
        // Not a reposter whose author went private meanwhile: a repost only travels while its author is public.
        var other = await _posts.NewUserAsync();
        await _posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = author.Id });
        await _posts.FollowOverHttpAsync(other, reposter);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE user_id = @id", new { id = other.Id }));
    }

    [Fact]
    public async Task A_blocked_or_unfollowed_path_hides_the_repost_and_a_private_reposters_tab_is_for_its_followers()
    {
        var (author, reposter, fan, post) = await RepostedAsync();
        var (blocker, unfollower) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(blocker, reposter);
        await _posts.FollowAsync(unfollower, reposter);
        await _posts.ExecuteAsync("""
            INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
            SELECT r, created_at, id, @via FROM posts, unnest(@readers) r WHERE id = @post ON CONFLICT DO NOTHING
            """, new { readers = new[] { blocker.Id, unfollower.Id }, via = reposter.Id, post });
        Assert.NotNull(await FeedItemAsync(blocker, post));

        await _posts.BlockAsync(blocker, author); // the author, not the reposter
        await _posts.ExecuteAsync("DELETE FROM follows WHERE follower_id = @a AND following_id = @b", new { a = unfollower.Id, b = reposter.Id });
        Assert.Null(await FeedItemAsync(blocker, post));
        Assert.DoesNotContain(post, await TabAsync(reposter, blocker));
        Assert.Null(await FeedItemAsync(unfollower, post));

        await _posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = reposter.Id });
        await (await _posts.GetAsync($"/api/v1/users/{reposter.Username}/reposts", unfollower)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([post], await TabAsync(reposter, fan));

        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/archive", author)).EnsureNoContentAsync();
        Assert.Empty(await TabAsync(reposter, fan));
        Assert.Null(await FeedItemAsync(fan, post));
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/unarchive", author)).EnsureNoContentAsync();
        await _posts.SettleAsync(post);
        Assert.Equal(reposter.Username, RepostedBy((await FeedItemAsync(fan, post))!.Value)); // fanned out again through the repost
    }

    [Fact]
    public async Task The_reposter_can_undo_a_repost_of_a_post_they_can_no_longer_see()
    {
        var (author, reposter, _, post) = await RepostedAsync();
        await _posts.BlockAsync(author, reposter);
        await (await _posts.GetAsync($"/api/v1/posts/{post}", reposter)).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await UndoAsync(reposter, post)).EnsureNoContentAsync();

        Assert.Equal(0L, await RowsAsync(post));
    }

    [Fact]
    public async Task Bad_input_to_the_lists_and_the_switch_is_a_problem_and_changes_nothing()
    {
        var (author, reposter, _, post) = await RepostedAsync();
        await (await _posts.GetAsync($"/api/v1/posts/{post}/reposts?limit=0", author)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.GetAsync($"/api/v1/users/{reposter.Username}/reposts?cursor=nonsense", author)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.GetAsync("/api/v1/users/nobody-at-all-here/reposts", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.GetAsync($"/api/v1/posts/{Guid.NewGuid()}/reposts", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/repost-permission", author, new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.SendRawAsync(HttpMethod.Put, "/api/v1/users/me/repost-permission", author, "{\"allowed\": \"no\"}"))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.GetAsync("/api/v1/users/me/repost-permission", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.True((await (await _posts.GetAsync("/api/v1/users/me/repost-permission", author)).ReadJsonAsync()).GetProperty("allowed").GetBoolean());
        Assert.Equal(1L, await RowsAsync(post));
    }

    [Fact]
    public async Task Reposters_are_paged_newest_first_and_accounts_blocked_either_way_are_left_out()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author);
        var reposters = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            var user = await _posts.NewUserAsync();
            await (await RepostAsync(user, post)).EnsureNoContentAsync();
            reposters.Add(user);
        }
        await _posts.ExecuteAsync("UPDATE reposts SET created_at = now() - (10 - n) * interval '1 minute' FROM unnest(@ids) WITH ORDINALITY AS x(id, n) WHERE user_id = x.id",
            new { ids = reposters.Select(r => r.Id).ToArray() });
        var viewer = await _posts.NewUserAsync();
        await _posts.BlockAsync(reposters[1], viewer);

        var first = await (await _posts.GetAsync($"/api/v1/posts/{post}/reposts?limit=1", viewer)).ReadJsonAsync();
        var rest = await (await _posts.GetAsync($"/api/v1/posts/{post}/reposts?cursor={first.GetProperty("nextCursor").GetString()}", viewer)).ReadJsonAsync();

        Assert.Equal([reposters[2].Id, reposters[0].Id], Ids(first).Concat(Ids(rest)).ToList());
        Assert.Equal(3, (await ViewAsync(post, viewer)).GetProperty("repostCount").GetInt64());
    }

    [Fact]
    public async Task A_purged_reposters_reposts_and_their_feed_entries_go_and_the_export_lists_reposts()
    {
        var (author, reposter, fan, post) = await RepostedAsync();
        var export = await (await _posts.GetAsync("/api/v1/users/me/export", reposter)).ReadJsonAsync();
        var row = Assert.Single(export.GetProperty("reposts").EnumerateArray());
        Assert.Equal(post, row.GetProperty("postId").GetGuid());
        Assert.Equal(author.Username, row.GetProperty("author").GetString());
        Assert.Empty((await (await _posts.GetAsync("/api/v1/users/me/export", author)).ReadJsonAsync()).GetProperty("reposts").EnumerateArray());

        var step = app.Services.GetServices<IAccountPurgeStep>().Single(s => s.Name == "posts");
        await using (var conn = await _posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            while (await step.PurgeAsync(conn, tx, reposter.Id, 100, app.Clock.GetUtcNow(), CancellationToken.None) > 0) { }
            await tx.CommitAsync();
        }
        await _posts.SettleAsync(post);

        Assert.Equal(0L, await RowsAsync(post));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE post_id = @post AND author_id = @via",
            new { post, via = reposter.Id }));
        Assert.Null(await FeedItemAsync(fan, post));
    }
}
