using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Insights;

/// <summary>
/// Insights (docs/insights.md): an account's followers and what the content it shared in the window received, from the
/// counters the event pipeline keeps; one post's, saves and shares included, for its author only.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class InsightsTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);
    private PostsClient Posts => _dm.Posts;

    private async Task<JsonElement> InsightsAsync(TestUser user, string query = "") =>
        await (await Posts.GetAsync($"/api/v1/users/me/insights{query}", user)).ReadJsonAsync();

    private static long At(JsonElement insights, string kind, string figure) =>
        insights.GetProperty("content").GetProperty(kind).GetProperty(figure).GetInt64();

    [Fact]
    public async Task An_account_sees_its_followers_and_what_its_recent_content_received()
    {
        var (me, fan, other) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var popular = await Posts.PostIdAsync(me, "the good one");
        var quiet = await Posts.PostIdAsync(me, "the other one");
        // Written 40 days back directly: moving a published post's time would break its feed entries' key.
        var old = Guid.CreateVersion7();
        await Posts.ExecuteAsync("INSERT INTO posts (id, user_id, caption, created_at) VALUES (@old, @me, 'last season', @at)",
            new { old, me = me.Id, at = app.Clock.GetUtcNow().AddDays(-40) });
        var reels = new ReelsClient(app);
        var reel = await reels.ReelIdAsync(me);
        await new StoryClient(app).CreateStoryAsync(new Person(me.Id, me.Username));
        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{me.Username}/follow", fan)).EnsureSuccessStatusCode();

        foreach (var liker in new[] { fan, other })
            (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{popular}/like", liker)).EnsureSuccessStatusCode();
        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{old}/like", fan)).EnsureSuccessStatusCode();
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{popular}/comments", fan, new { content = "lovely" })).EnsureSuccessStatusCode();
        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{popular}/save", other)).EnsureSuccessStatusCode();
        await _dm.SendMessageAsync(fan, await _dm.DirectAsync(fan, other), new { sharedPostId = popular });
        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/like", fan)).EnsureSuccessStatusCode();
        await Posts.SettleAsync(popular, quiet, old);
        await new EntityEvents(app, "reelId").SettleAsync(reel);
        await new EntityEvents(app, "followingId").SettleAsync(me.Id);

        var insights = await InsightsAsync(me);
        Assert.Equal(30, insights.GetProperty("days").GetInt32());
        Assert.Equal((1L, 1L), (insights.GetProperty("followers").GetProperty("total").GetInt64(), insights.GetProperty("followers").GetProperty("new").GetInt64()));
        // The post of 40 days ago and its like are outside the window.
        Assert.Equal((2L, 2L, 1L, 1L, 1L), (At(insights, "posts", "count"), At(insights, "posts", "likes"), At(insights, "posts", "comments"),
            At(insights, "posts", "saves"), At(insights, "posts", "shares")));
        Assert.Equal((1L, 1L), (At(insights, "reels", "count"), At(insights, "reels", "likes")));
        Assert.Equal(1L, At(insights, "stories", "count"));
        Assert.Equal(0L, At(insights, "videos", "count"));
        Assert.Equal(6L, insights.GetProperty("interactions").GetInt64());
        var top = insights.GetProperty("top").EnumerateArray().ToList();
        Assert.Equal([("post", popular, 5L), ("reel", reel, 1L), ("post", quiet, 0L)],
            top.Select(t => (t.GetProperty("type").GetString()!, t.GetProperty("id").GetGuid(), t.GetProperty("interactions").GetInt64())));

        // Ninety days reach the old post; the follower who left is no longer counted.
        var longer = await InsightsAsync(me, "?days=90");
        Assert.Equal((3L, 3L), (At(longer, "posts", "count"), At(longer, "posts", "likes")));
        (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{me.Username}/follow", fan)).EnsureSuccessStatusCode();
        Assert.Equal(0L, (await InsightsAsync(me)).GetProperty("followers").GetProperty("new").GetInt64());

        // Someone else's window holds none of it.
        var theirs = await InsightsAsync(other);
        Assert.Equal((0L, 0L), (At(theirs, "posts", "count"), theirs.GetProperty("interactions").GetInt64()));
        Assert.Empty(theirs.GetProperty("top").EnumerateArray());
    }

    [Fact]
    public async Task A_post_s_insights_are_its_author_s_alone_and_count_saves_and_shares()
    {
        var (author, fan) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var post = await Posts.PostIdAsync(author);
        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/like", fan)).EnsureSuccessStatusCode();
        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/save", fan)).EnsureSuccessStatusCode();
        await _dm.SendMessageAsync(fan, await _dm.DirectAsync(fan, author), new { sharedPostId = post });
        await Posts.SettleAsync(post);

        var insights = await (await Posts.GetAsync($"/api/v1/posts/{post}/insights", author)).ReadJsonAsync();
        Assert.Equal((1L, 0L, 1L, 1L, 3L, false), (insights.GetProperty("likes").GetInt64(), insights.GetProperty("comments").GetInt64(),
            insights.GetProperty("saves").GetInt64(), insights.GetProperty("shares").GetInt64(), insights.GetProperty("interactions").GetInt64(),
            insights.GetProperty("isArchived").GetBoolean()));
        // Anyone else: as if there were none, though the post itself is public.
        await (await Posts.GetAsync($"/api/v1/posts/{post}/insights", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.GetAsync($"/api/v1/posts/{post}/insights", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/archive", author)).EnsureSuccessStatusCode();
        Assert.True((await (await Posts.GetAsync($"/api/v1/posts/{post}/insights", author)).ReadJsonAsync()).GetProperty("isArchived").GetBoolean());
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}", author)).EnsureNoContentAsync();
        await (await Posts.GetAsync($"/api/v1/posts/{post}/insights", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.GetAsync("/api/v1/posts/not-a-post/insights", author)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reel_s_reposts_count_in_the_account_s_insights_as_in_the_reel_s_own()
    {
        var (me, fan, other) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var reels = new ReelsClient(app);
        var reel = await reels.ReelIdAsync(me);
        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/like", fan)).EnsureSuccessStatusCode();
        foreach (var reposter in new[] { fan, other })
            await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/repost", reposter)).EnsureNoContentAsync();
        await new EntityEvents(app, "reelId").SettleAsync(reel);

        var own = await (await Posts.GetAsync($"/api/v1/reels/{reel}/insights", me)).ReadJsonAsync();
        var insights = await InsightsAsync(me);
        Assert.Equal((2L, 3L), (own.GetProperty("reposts").GetInt64(), own.GetProperty("interactions").GetInt64()));
        Assert.Equal(2L, At(insights, "reels", "reposts"));
        // The same reel, the same interactions, wherever they are read.
        Assert.Equal(3L, insights.GetProperty("interactions").GetInt64());
        var top = Assert.Single(insights.GetProperty("top").EnumerateArray());
        Assert.Equal(("reel", reel, 3L), (top.GetProperty("type").GetString()!, top.GetProperty("id").GetGuid(), top.GetProperty("interactions").GetInt64()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("91")]
    [InlineData("week")]
    [InlineData("-3")]
    public async Task A_window_outside_one_to_ninety_days_is_a_400(string days)
    {
        var me = await Posts.NewUserAsync();
        await (await Posts.GetAsync($"/api/v1/users/me/insights?days={days}", me)).AssertValidationErrorAsync("days");
        await (await Posts.GetAsync("/api/v1/users/me/insights", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
