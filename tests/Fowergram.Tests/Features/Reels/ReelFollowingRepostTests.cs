using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// GET /reels/following with reposts (docs/reels.md "Following"): a reel a followed account reposted sits at its newest such
/// repost, naming the reposter, unless its author is followed (then at its own time); each reel once, across pages too; a
/// repost shows only while it could be made now. Each test's reader is new, so the tab holds only what the test makes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelFollowingRepostTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);
    private PostsClient Posts => _reels.Posts;

    [Fact]
    public async Task A_followed_accounts_repost_of_a_strangers_reel_sits_at_the_repost_time_and_names_the_reposter()
    {
        var (me, friend, reposter, stranger) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await Posts.FollowAsync(me, friend);
        await Posts.FollowAsync(me, reposter);
        var strangers = await ReelAsync(stranger);
        var friends = await ReelAsync(friend);
        await RepostAsync(reposter, strangers);

        var items = await ItemsAsync(me);
        Assert.Equal([strangers, friends], items.Select(i => i.Id));
        Assert.Equal(reposter.Id, items[0].RepostedBy?.GetProperty("id").GetGuid());
        Assert.Equal(reposter.Username, items[0].RepostedBy?.GetProperty("username").GetString());
        Assert.Equal(stranger.Id, items[0].Item.GetProperty("author").GetProperty("id").GetGuid());
        Assert.Null(items[1].RepostedBy);
    }

    [Fact]
    public async Task A_followed_authors_reel_reposted_by_another_followed_account_is_there_once_at_its_own_time_without_a_reposter()
    {
        var (me, author, reposter) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await Posts.FollowAsync(me, author);
        await Posts.FollowAsync(me, reposter);
        var reel = await ReelAsync(author);
        var newer = await ReelAsync(reposter);
        await RepostAsync(reposter, reel);

        var items = await ItemsAsync(me);
        Assert.Equal([newer, reel], items.Select(i => i.Id));
        Assert.All(items, i => Assert.Null(i.RepostedBy));
    }

    [Fact]
    public async Task A_reel_two_followed_accounts_reposted_is_there_once_at_the_newest_repost_by_its_reposter()
    {
        var (me, first, second, unfollowed, stranger) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync(),
            await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await Posts.FollowAsync(me, first);
        await Posts.FollowAsync(me, second);
        var reel = await ReelAsync(stranger);
        await RepostAsync(first, reel);
        var between = await ReelAsync(first);
        await RepostAsync(second, reel);
        await RepostAsync(unfollowed, reel); // newer, but by an account the reader does not follow

        var items = await ItemsAsync(me);
        Assert.Equal([reel, between], items.Select(i => i.Id));
        Assert.Equal(second.Id, items[0].RepostedBy?.GetProperty("id").GetGuid());
        foreach (var limit in new[] { 1, 2, 50 }) Assert.Equal([reel, between], await TabAsync(me, limit));
    }

    [Fact]
    public async Task Pages_of_any_size_hold_every_reel_once_in_one_order()
    {
        // The reposter's newest reposts are of reels placed elsewhere (by their followed author's time, or a newer repost):
        // a per-account limit taken before placing them would push the reel it placed off the page and the cursor past it.
        var (me, author, reposter, other, stranger) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync(),
            await _reels.NewUserAsync(), await _reels.NewUserAsync());
        foreach (var followee in new[] { author, reposter, other }) await Posts.FollowAsync(me, followee);
        var (s1, s2) = (await ReelAsync(stranger), await ReelAsync(stranger));
        var (a1, a2, a3) = (await ReelAsync(author), await ReelAsync(author), await ReelAsync(author));
        await RepostAsync(reposter, s1);
        await RepostAsync(reposter, s2);
        var own = await ReelAsync(reposter);
        foreach (var reel in new[] { a1, a2, a3 }) await RepostAsync(reposter, reel);
        await RepostAsync(other, s2);

        List<Guid> expected = [s2, own, s1, a3, a2, a1];
        foreach (var limit in new[] { 1, 2, 3, 4, 50 }) Assert.Equal(expected, await TabAsync(me, limit));
    }

    [Fact]
    public async Task A_later_repost_moves_a_reel_up_to_a_newer_page()
    {
        var (me, reposter, friend, stranger) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await Posts.FollowAsync(me, reposter);
        await Posts.FollowAsync(me, friend);
        var reel = await ReelAsync(stranger);
        var friends = await ReelAsync(friend);
        Assert.Equal([friends], await TabAsync(me, 50));

        await RepostAsync(reposter, reel);
        Assert.Equal([reel, friends], await TabAsync(me, 50));
    }

    [Fact]
    public async Task Reposts_that_could_not_be_made_now_or_by_accounts_the_reader_does_not_see_stay_out()
    {
        var me = await _reels.NewUserAsync();
        var (reposter, muted, dropped) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        foreach (var followee in new[] { reposter, muted, dropped }) await Posts.FollowAsync(me, followee);
        var authors = new List<TestUser>();
        for (var i = 0; i < 6; i++) authors.Add(await _reels.NewUserAsync());
        var (goesPrivate, switchesOff, blockedByMe, blocksMe, mutedByMe, deleter) = (authors[0], authors[1], authors[2], authors[3], authors[4], authors[5]);
        var reels = new Dictionary<TestUser, Guid>();
        foreach (var author in authors)
        {
            reels[author] = await ReelAsync(author);
            await RepostAsync(reposter, reels[author]);
        }
        var shown = await ReelAsync(await _reels.NewUserAsync());
        await RepostAsync(muted, shown);
        await RepostAsync(dropped, shown);
        await RepostAsync(reposter, shown);
        Assert.Equal([shown, .. authors.Select(a => reels[a]).Reverse()], await TabAsync(me, 50));

        await Posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = goesPrivate.Id });
        await Expect(await _reels.SendAsync(HttpMethod.Put, "/api/v1/users/me/repost-permission", switchesOff, new { allowed = false }));
        await Posts.BlockAsync(me, blockedByMe);
        await Posts.BlockAsync(blocksMe, me);
        await Expect(await _reels.SendAsync(HttpMethod.Put, $"/api/v1/users/{mutedByMe.Username}/mute", me, new { posts = true, stories = false }));
        await Expect(await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reels[deleter]}", deleter));
        Assert.Equal([shown], await TabAsync(me, 50));

        // The reel stays, placed by the newest repost of a reposter the reader still sees: muted, then unfollowed, then none.
        Assert.Equal(reposter.Id, (await ItemsAsync(me))[0].RepostedBy?.GetProperty("id").GetGuid());
        await Expect(await _reels.SendAsync(HttpMethod.Put, $"/api/v1/users/{reposter.Username}/mute", me, new { posts = true, stories = false }));
        Assert.Equal(dropped.Id, (await ItemsAsync(me))[0].RepostedBy?.GetProperty("id").GetGuid());
        await Expect(await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/users/{dropped.Username}/follow", me));
        await Expect(await _reels.SendAsync(HttpMethod.Put, $"/api/v1/users/{muted.Username}/mute", me, new { posts = true, stories = false }));
        Assert.Empty(await TabAsync(me, 50));
    }

    [Fact]
    public async Task A_trial_not_shared_the_readers_own_repost_and_the_readers_own_reel_stay_out()
    {
        var (me, reposter, author) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await Posts.FollowAsync(me, reposter);
        var slot = await _reels.VideoAsync(author);
        var trial = (await (await _reels.CreateAsync(author, new { uploadId = slot.UploadId, caption = "", durationSeconds = 10, trial = true }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        // Written around the API's refusal (another tool, a race): a running trial is visible to the reader, not repostable.
        await Posts.ExecuteAsync("INSERT INTO reel_reposts (user_id, reel_id, created_at) VALUES (@user, @trial, @at)",
            new { user = reposter.Id, trial, at = app.Clock.GetUtcNow() });
        var minesReposted = await ReelAsync(me);
        await RepostAsync(reposter, minesReposted);
        var iReposted = await ReelAsync(author);
        await RepostAsync(me, iReposted);
        Assert.Empty(await TabAsync(me, 50));

        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{trial}/trial/share", author)).ReadJsonAsync();
        Assert.Equal([trial], await TabAsync(me, 50));
    }

    /// <summary>A reel one clock tick after the previous event, so that newest first is one order.</summary>
    private Task<Guid> ReelAsync(TestUser author)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return _reels.ReelIdAsync(author);
    }

    /// <summary>A repost one clock tick after the previous event.</summary>
    private async Task RepostAsync(TestUser reposter, Guid reel)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/repost", reposter)).EnsureNoContentAsync();
    }

    private Task<List<Guid>> TabAsync(TestUser reader, int limit) =>
        KeysetPages.AllIdsAsync(url => _reels.GetAsync(url, reader), "/api/v1/reels/following", limit);

    /// <summary>The first page's items with their reposter (null when the reel is placed by its own time).</summary>
    private async Task<List<(Guid Id, JsonElement? RepostedBy, JsonElement Item)>> ItemsAsync(TestUser reader)
    {
        var page = await (await _reels.GetAsync("/api/v1/reels/following?limit=50", reader)).ReadJsonAsync(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("id").GetGuid(), i.TryGetProperty("repostedBy", out var by) ? by : (JsonElement?)null, i)).ToList();
    }

    private static async Task Expect(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
}
