using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// GET /videos/following: published long-form videos of followed accounts, newest published first. Each test's reader is
/// new, so the tab holds only the videos of the accounts the test makes it follow.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VideoFollowingTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    [Fact]
    public async Task Published_videos_of_followed_accounts_come_newest_published_first_without_drafts_strangers_or_ones_own()
    {
        var (me, a, b, stranger) = (await _videos.NewUserAsync(), await _videos.NewUserAsync(), await _videos.NewUserAsync(), await _videos.NewUserAsync());
        await _videos.Posts.FollowAsync(me, a);
        await _videos.Posts.FollowAsync(me, b);
        var draft = await VideoAsync(a, published: false);
        var expected = new List<Guid>();
        foreach (var author in new[] { a, b, stranger, me, a, b })
        {
            var video = await VideoAsync(author);
            if (author != stranger && author != me) expected.Insert(0, video);
        }
        // Publishing the draft last makes it the newest published.
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{draft}/publish", a)).ReadJsonAsync(HttpStatusCode.OK);
        expected.Insert(0, draft);

        foreach (var limit in new[] { 1, 2, 50 }) Assert.Equal(expected, await TabAsync(me, limit));

        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{expected[1]}/unpublish", b)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([expected[0], .. expected[2..]], await TabAsync(me, 2));
    }

    [Fact]
    public async Task Blocked_muted_deleted_and_unapproved_accounts_videos_stay_out()
    {
        var me = await _videos.NewUserAsync();
        var (blocker, muted, deleter, privateFriend, pending) = (await _videos.NewUserAsync(), await _videos.NewUserAsync(),
            await _videos.NewUserAsync(), await _videos.NewUserAsync(isPrivate: true), await _videos.NewUserAsync(isPrivate: true));
        foreach (var followee in new[] { blocker, muted, deleter, privateFriend }) await _videos.Posts.FollowAsync(me, followee);
        await _videos.Posts.ExecuteAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@a, @b)", new { a = me.Id, b = pending.Id });
        var videos = new Dictionary<TestUser, Guid>();
        foreach (var author in new[] { blocker, muted, deleter, privateFriend, pending }) videos[author] = await VideoAsync(author);
        Assert.Equal(4, (await TabAsync(me, 50)).Count);

        await _videos.Posts.BlockAsync(blocker, me);
        var mute = await _videos.SendAsync(HttpMethod.Put, $"/api/v1/users/{muted.Username}/mute", me, new { posts = true, stories = false });
        Assert.True(mute.IsSuccessStatusCode, await mute.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{videos[deleter]}", deleter)).StatusCode);

        Assert.Equal([videos[privateFriend]], await TabAsync(me, 50));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=51", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Bad_paging_input_is_a_validation_problem(string query, string field)
    {
        var me = await _videos.NewUserAsync();
        await (await _videos.GetAsync($"/api/v1/videos/following?{query}", me)).AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task Guests_get_401() =>
        await (await _videos.GetAsync("/api/v1/videos/following", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

    /// <summary>A video one clock tick after the previous one, so that newest first is one order.</summary>
    private Task<Guid> VideoAsync(TestUser author, bool published = true)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return _videos.VideoIdAsync(author, published: published);
    }

    private Task<List<Guid>> TabAsync(TestUser reader, int limit) =>
        KeysetPages.AllIdsAsync(url => _videos.GetAsync(url, reader), "/api/v1/videos/following", limit);
}
