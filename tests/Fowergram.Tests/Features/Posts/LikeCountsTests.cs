using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// "Hide like and share counts" (docs/posts.md "Hiding like and share counts", migration 0175): a viewer who turned counts
/// off is shown none on other accounts' posts, reels and videos — in every place they are read — and always sees their own.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LikeCountsTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private readonly ReelsClient _reels = new(app);
    private readonly VideosClient _videos = new(app);

    private async Task HideCountsAsync(TestUser viewer)
    {
        var answer = await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/like-counts", viewer, new { visible = false })).ReadJsonAsync();
        Assert.False(answer.GetProperty("visible").GetBoolean());
    }

    private static bool Has(JsonElement item, string count) => item.TryGetProperty(count, out _);

    private async Task<JsonElement> ReadAsync(string path, TestUser viewer) => await (await _posts.GetAsync(path, viewer)).ReadJsonAsync();

    [Fact]
    public async Task A_viewer_who_hides_counts_sees_none_on_others_posts_anywhere_and_keeps_their_own()
    {
        var (author, hider, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(hider, author);
        var post = await _posts.PostIdAsync(author, "counted");
        (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/like", other)).EnsureSuccessStatusCode();
        var own = await _posts.PostIdAsync(hider, "mine");
        await _posts.SettleAsync(post, own);
        Assert.True(Has(await ReadAsync($"/api/v1/posts/{post}", hider), "likeCount")); // on by default

        await HideCountsAsync(hider);

        Assert.False(Has(await ReadAsync($"/api/v1/posts/{post}", hider), "likeCount"));
        var card = (await ReadAsync($"/api/v1/users/{author.Username}/posts", hider)).GetProperty("items").EnumerateArray().Single();
        Assert.False(Has(card, "likeCount"));
        var inFeed = (await ReadAsync("/api/v1/feed", hider)).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == post);
        Assert.False(Has(inFeed, "likeCount"));
        // Their own post, and everyone else's view, keep the count.
        Assert.Equal(0, (await ReadAsync($"/api/v1/posts/{own}", hider)).GetProperty("likeCount").GetInt64());
        Assert.Equal(1, (await ReadAsync($"/api/v1/posts/{post}", other)).GetProperty("likeCount").GetInt64());

        // Back on: counts again.
        (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/like-counts", hider, new { visible = true })).EnsureSuccessStatusCode();
        Assert.Equal(1, (await ReadAsync($"/api/v1/posts/{post}", hider)).GetProperty("likeCount").GetInt64());
        Assert.True((await ReadAsync("/api/v1/users/me/like-counts", hider)).GetProperty("visible").GetBoolean());
    }

    [Fact]
    public async Task Reels_and_videos_lose_their_like_and_share_counts_for_that_viewer_only()
    {
        var (author, hider) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author);
        var video = await _videos.VideoIdAsync(author);
        var ownReel = await _reels.ReelIdAsync(hider);
        await HideCountsAsync(hider);

        foreach (var path in new[] { $"/api/v1/reels/{reel}", $"/api/v1/videos/{video}" })
        {
            var hidden = await ReadAsync(path, hider);
            Assert.False(Has(hidden, "likeCount"));
            Assert.False(Has(hidden, "shareCount"));
            Assert.True(Has(hidden, "commentCount"));
            var shown = await ReadAsync(path, author);
            Assert.True(Has(shown, "likeCount"));
            Assert.True(Has(shown, "shareCount"));
        }
        var mine = await ReadAsync($"/api/v1/reels/{ownReel}", hider);
        Assert.True(Has(mine, "likeCount"));
        Assert.True(Has(mine, "shareCount"));
    }

    [Fact]
    public async Task Bad_input_is_refused_and_changes_nothing()
    {
        var viewer = await _posts.NewUserAsync();
        await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/like-counts", null, new { visible = false })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/like-counts", viewer, new { })).AssertValidationErrorAsync("visible");
        await (await _posts.SendRawAsync(HttpMethod.Put, "/api/v1/users/me/like-counts", viewer, """{"visible":"no"}""")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True((await ReadAsync("/api/v1/users/me/like-counts", viewer)).GetProperty("visible").GetBoolean());
    }
}
