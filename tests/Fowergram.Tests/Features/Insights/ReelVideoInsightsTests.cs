using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Insights;

/// <summary>
/// A reel's and a long-form video's insights for their author (docs/insights.md): the counters the pipeline keeps, once it
/// settled, and a 404 for anyone else, a deleted one and a bad id.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelVideoInsightsTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);
    private readonly VideosClient _videos = new(app);

    private async Task<JsonElement> InsightsAsync(string path, Media.TestUser user) => await (await _reels.GetAsync(path, user)).ReadJsonAsync();

    [Fact]
    public async Task A_reel_shows_its_author_plays_reach_and_what_people_did_with_it()
    {
        var (author, fan, other) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author, "insightful");
        await _reels.Posts.FollowAsync(fan, author);
        foreach (var viewer in new[] { fan, other })
            await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reel}/views", viewer)).EnsureNoContentAsync();
        (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/like", fan)).EnsureSuccessStatusCode();
        await _reels.CommentAsync(other, reel, "nice");
        (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/save", fan)).EnsureSuccessStatusCode();
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/repost", other)).EnsureNoContentAsync();
        await _reels.SettleAsync(reel);

        var insights = await InsightsAsync($"/api/v1/reels/{reel}/insights", author);
        Assert.Equal(reel, insights.GetProperty("id").GetGuid());
        var reach = insights.GetProperty("reach");
        // Reached: the fan, who followed the author at the first play, and the other account, who did not.
        Assert.Equal((2L, 1L, 1L), (reach.GetProperty("accounts").GetInt64(), reach.GetProperty("followers").GetInt64(), reach.GetProperty("nonFollowers").GetInt64()));
        Assert.Equal((2L, 2L, 1L, 1L, 0L, 1L, 0L, 1L), (insights.GetProperty("plays").GetInt64(), reach.GetProperty("accounts").GetInt64(),
            insights.GetProperty("likes").GetInt64(), insights.GetProperty("comments").GetInt64(), insights.GetProperty("shares").GetInt64(),
            insights.GetProperty("saves").GetInt64(), insights.GetProperty("remixes").GetInt64(), insights.GetProperty("reposts").GetInt64()));
        Assert.Equal(4L, insights.GetProperty("interactions").GetInt64());

        await (await _reels.GetAsync($"/api/v1/reels/{reel}/insights", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.GetAsync($"/api/v1/reels/not-a-reel/insights", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.GetAsync($"/api/v1/reels/{reel}/insights", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}", author)).EnsureSuccessStatusCode();
        await (await _reels.GetAsync($"/api/v1/reels/{reel}/insights", author)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_video_shows_its_author_views_and_interactions_and_a_draft_has_none()
    {
        var (author, fan) = (await _videos.NewUserAsync(), await _videos.NewUserAsync());
        var video = await _videos.VideoIdAsync(author);
        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{video}/views", fan)).EnsureNoContentAsync();
        (await _videos.SendAsync(HttpMethod.Put, $"/api/v1/videos/{video}/like", fan)).EnsureSuccessStatusCode();
        await _videos.SettleAsync(video);

        var insights = await InsightsAsync($"/api/v1/videos/{video}/insights", author);
        Assert.True(insights.TryGetProperty("publishedAt", out _));
        Assert.Equal((1L, 1L, 0L, 0L, 1L), (insights.GetProperty("views").GetInt64(), insights.GetProperty("likes").GetInt64(),
            insights.GetProperty("comments").GetInt64(), insights.GetProperty("shares").GetInt64(), insights.GetProperty("interactions").GetInt64()));

        var draft = await _videos.VideoIdAsync(author, published: false);
        var drafted = await InsightsAsync($"/api/v1/videos/{draft}/insights", author);
        Assert.False(drafted.TryGetProperty("publishedAt", out _));
        Assert.Equal(0L, drafted.GetProperty("views").GetInt64());

        await (await _videos.GetAsync($"/api/v1/videos/{video}/insights", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _videos.GetAsync($"/api/v1/videos/{Guid.NewGuid()}/insights", author)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
