using System.Net;
using Fowergram.Features.Videos;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// Likes of long-form videos (igtv_likes, migration 0079): idempotent PUT/DELETE, exact counts through igtv-counters under
/// concurrency, the likers list, video_like notices taken back on unlike, and 404 wherever the video is not visible.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VideoLikeTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    private Task<HttpResponseMessage> LikeAsync(Guid videoId, TestUser? user) => _videos.SendAsync(HttpMethod.Put, $"/api/v1/videos/{videoId}/like", user);
    private Task<HttpResponseMessage> UnlikeAsync(Guid videoId, TestUser? user) => _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{videoId}/like", user);

    private Task<long> LikeCountAsync(Guid videoId) =>
        _videos.Posts.ScalarAsync<long>("SELECT coalesce((SELECT like_count FROM igtv_stats WHERE video_id = @videoId), 0)", new { videoId });

    private Task<long> NoticesAsync(Guid recipient, Guid actor, Guid videoId) => _videos.Posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @recipient AND actor_id = @actor AND type = 'video_like' AND entity_id = @videoId",
        new { recipient, actor, videoId });

    [Fact]
    public async Task Fifty_accounts_liking_at_once_make_fifty_likes_and_the_video_says_so()
    {
        var owner = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);
        var likers = new List<TestUser>();
        for (var i = 0; i < 50; i++) likers.Add(await _videos.NewUserAsync());

        var answers = await Task.WhenAll(likers.Select(l => LikeAsync(videoId, l)));
        await _videos.SettleAsync(videoId);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a.StatusCode));
        Assert.Equal(50L, await LikeCountAsync(videoId));
        var asLiker = await (await _videos.GetAsync($"/api/v1/videos/{videoId}", likers[0])).ReadJsonAsync();
        Assert.Equal((50, true), (asLiker.GetProperty("likeCount").GetInt32(), asLiker.GetProperty("isLiked").GetBoolean()));
        var asGuest = await (await _videos.GetAsync($"/api/v1/videos/{videoId}", null)).ReadJsonAsync();
        Assert.False(asGuest.GetProperty("isLiked").GetBoolean());
    }

    [Fact]
    public async Task One_account_liking_twenty_times_at_once_is_one_like_one_event_and_one_notice()
    {
        var owner = await _videos.NewUserAsync();
        var fan = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => LikeAsync(videoId, fan)));
        await _videos.SettleAsync(videoId);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a.StatusCode));
        Assert.Equal(1L, await LikeCountAsync(videoId));
        Assert.Single(await _videos.EventsAsync(videoId), e => e.Type == VideoEvents.Liked);
        Assert.Equal(1L, await NoticesAsync(owner.Id, fan.Id, videoId));
        var notice = (await (await _videos.GetAsync("/api/v1/notifications", owner)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Single(n => n.GetProperty("type").GetString() == "video_like");
        Assert.Equal($"{fan.Username} liked your video.", notice.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Unlike_takes_the_like_and_its_notice_back_and_like_unlike_like_notifies_once()
    {
        var owner = await _videos.NewUserAsync();
        var fan = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);

        await (await LikeAsync(videoId, fan)).EnsureNoContentAsync();
        await _videos.SettleAsync(videoId);
        await (await UnlikeAsync(videoId, fan)).EnsureNoContentAsync();
        await (await UnlikeAsync(videoId, fan)).EnsureNoContentAsync(); // idempotent
        await _videos.SettleAsync(videoId);
        Assert.Equal((0L, 0L), (await LikeCountAsync(videoId), await NoticesAsync(owner.Id, fan.Id, videoId)));

        await (await LikeAsync(videoId, fan)).EnsureNoContentAsync();
        await (await LikeAsync(videoId, owner)).EnsureNoContentAsync(); // the author's own like: counted, no notice
        await _videos.SettleAsync(videoId);
        Assert.Equal((2L, 1L), (await LikeCountAsync(videoId), await NoticesAsync(owner.Id, fan.Id, videoId)));
        Assert.Equal(0L, await NoticesAsync(owner.Id, owner.Id, videoId));
    }

    [Fact]
    public async Task Likers_are_listed_newest_first_without_accounts_on_the_other_side_of_a_block()
    {
        var owner = await _videos.NewUserAsync();
        var videoId = await _videos.VideoIdAsync(owner);
        var likers = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            var liker = await _videos.NewUserAsync();
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
            await (await LikeAsync(videoId, liker)).EnsureNoContentAsync();
            likers.Add(liker);
        }
        var reader = await _videos.NewUserAsync();
        await (await _videos.SendAsync(HttpMethod.Put, $"/api/v1/users/{likers[1].Username}/block", reader)).EnsureNoContentAsync();

        var first = await (await _videos.GetAsync($"/api/v1/videos/{videoId}/likers?limit=1", null)).ReadJsonAsync();
        Assert.Equal([likers[2].Id], VideosClient.Ids(first));
        var rest = await (await _videos.GetAsync($"/api/v1/videos/{videoId}/likers?cursor={first.GetProperty("nextCursor").GetString()}", null)).ReadJsonAsync();
        Assert.Equal([likers[1].Id, likers[0].Id], VideosClient.Ids(rest));
        Assert.Equal([likers[2].Id, likers[0].Id], VideosClient.Ids(await (await _videos.GetAsync($"/api/v1/videos/{videoId}/likers", reader)).ReadJsonAsync()));
    }

    [Fact]
    public async Task A_video_the_caller_may_not_see_cannot_be_liked_or_have_its_likers_listed()
    {
        var owner = await _videos.NewUserAsync(isPrivate: true);
        var stranger = await _videos.NewUserAsync();
        var hidden = await _videos.VideoIdAsync(owner);
        var author = await _videos.NewUserAsync();
        var draft = await _videos.VideoIdAsync(author, published: false);

        foreach (var (videoId, caller) in new[] { (hidden, stranger), (draft, stranger), (Guid.NewGuid(), stranger) })
        {
            await (await LikeAsync(videoId, caller)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await UnlikeAsync(videoId, caller)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _videos.GetAsync($"/api/v1/videos/{videoId}/likers", caller)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        await (await _videos.SendAsync(HttpMethod.Put, "/api/v1/videos/not-an-id/like", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await LikeAsync(draft, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _videos.GetAsync($"/api/v1/videos/{draft}/likers?limit=0", author)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0L, await _videos.Posts.ScalarAsync<long>("SELECT count(*) FROM igtv_likes WHERE video_id = ANY(@ids)", new { ids = new[] { hidden, draft } }));

        // The author may like their own draft; nobody else sees it.
        await (await LikeAsync(draft, author)).EnsureNoContentAsync();
    }
}
