using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// GET /reels/following: the reels tab of followed accounts. Each test's reader is new, so the tab holds only the reels
/// of the accounts the test makes it follow.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelFollowingTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    [Fact]
    public async Task Reels_of_followed_accounts_come_newest_first_in_keyset_pages_without_ones_own_or_strangers()
    {
        var (me, a, b, stranger) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await _reels.Posts.FollowAsync(me, a);
        await _reels.Posts.FollowAsync(me, b);
        var expected = new List<Guid>();
        foreach (var author in new[] { a, b, a, stranger, me, b, a })
        {
            var reel = await ReelAsync(author);
            if (author != stranger && author != me) expected.Insert(0, reel);
        }

        foreach (var limit in new[] { 1, 2, 5, 50 }) Assert.Equal(expected, await TabAsync(me, limit));
        var first = await (await _reels.GetAsync("/api/v1/reels/following?limit=2", me)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(a.Id, first.GetProperty("items")[0].GetProperty("author").GetProperty("id").GetGuid());
        Assert.StartsWith("http", first.GetProperty("items")[0].GetProperty("video").GetProperty("url").GetString());
    }

    [Fact]
    public async Task Blocked_muted_deleted_and_unapproved_accounts_reels_stay_out()
    {
        var me = await _reels.NewUserAsync();
        var (blocker, blocked, muted, storiesMuted, deleter, privateFriend, pending) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(),
            await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync(isPrivate: true),
            await _reels.NewUserAsync(isPrivate: true));
        foreach (var followee in new[] { blocker, blocked, muted, storiesMuted, deleter, privateFriend })
            await _reels.Posts.FollowAsync(me, followee);
        await _reels.Posts.ExecuteAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@a, @b)", new { a = me.Id, b = pending.Id });
        var reels = new Dictionary<TestUser, Guid>();
        foreach (var author in new[] { blocker, blocked, muted, storiesMuted, deleter, privateFriend, pending })
            reels[author] = await ReelAsync(author);
        Assert.Equal(6, (await TabAsync(me, 50)).Count);

        await _reels.Posts.BlockAsync(blocker, me);
        await _reels.Posts.BlockAsync(me, blocked);
        await Expect(await _reels.SendAsync(HttpMethod.Put, $"/api/v1/users/{muted.Username}/mute", me, new { posts = true, stories = false }));
        await Expect(await _reels.SendAsync(HttpMethod.Put, $"/api/v1/users/{storiesMuted.Username}/mute", me, new { posts = false, stories = true }));
        await Expect(await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reels[deleter]}", deleter));

        Assert.Equal([reels[privateFriend], reels[storiesMuted]], await TabAsync(me, 50));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=51", "limit")]
    [InlineData("limit=two", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Bad_paging_input_is_a_validation_problem(string query, string field)
    {
        var me = await _reels.NewUserAsync();
        await (await _reels.GetAsync($"/api/v1/reels/following?{query}", me)).AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task Guests_get_401()
    {
        var response = await _reels.GetAsync("/api/v1/reels/following", null);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    /// <summary>A reel one clock tick after the previous one, so that newest first is one order.</summary>
    private Task<Guid> ReelAsync(TestUser author)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return _reels.ReelIdAsync(author);
    }

    private Task<List<Guid>> TabAsync(TestUser reader, int limit) =>
        KeysetPages.AllIdsAsync(url => _reels.GetAsync(url, reader), "/api/v1/reels/following", limit);

    private static async Task Expect(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
}
