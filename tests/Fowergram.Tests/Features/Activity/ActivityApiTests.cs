using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Activity;

/// <summary>GET /users/me/activity and /users/me/activity/summary: the caller's own log, read back.</summary>
[Collection(ApiCollection.Name)]
public sealed class ActivityApiTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task A_like_given_over_http_shows_in_the_likers_activity_and_nobody_elses()
    {
        var (author, liker) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var postId = await _posts.PostIdAsync(author);
        Assert.Equal(HttpStatusCode.NoContent, (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", liker)).StatusCode);
        await _posts.SettleAsync(postId);

        var liked = await ItemsAsync(liker, "?type=post.liked");
        Assert.Equal(("post.liked", "post", postId), (liked.Single().GetProperty("type").GetString(),
            liked.Single().GetProperty("entityType").GetString(), liked.Single().GetProperty("entityId").GetGuid()));
        Assert.DoesNotContain(await ItemsAsync(author), i => i.GetProperty("type").GetString() == "post.liked");
        Assert.Contains(await ItemsAsync(author), i => i.GetProperty("type").GetString() == "post.created" && i.GetProperty("entityId").GetGuid() == postId);
    }

    [Fact]
    public async Task The_log_pages_newest_first_by_keyset_and_filters_by_type()
    {
        var user = await _posts.NewUserAsync();
        var now = app.Clock.GetUtcNow();
        await LogAsync(user, ("post.liked", now.AddMinutes(-3)), ("comment.created", now.AddMinutes(-2)), ("post.liked", now.AddMinutes(-1)));

        var first = await (await _posts.GetAsync("/api/v1/users/me/activity?limit=2", user)).ReadJsonAsync();
        Assert.Equal(["post.liked", "comment.created"], Types(first));
        var cursor = Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!);
        var second = await (await _posts.GetAsync($"/api/v1/users/me/activity?limit=2&cursor={cursor}", user)).ReadJsonAsync();
        Assert.Equal(["post.liked"], Types(second));
        Assert.False(second.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String);

        Assert.Equal(2, (await ItemsAsync(user, "?type=post.liked")).Count);
        Assert.Empty(await ItemsAsync(user, "?type=story.viewed"));
    }

    [Fact]
    public async Task The_summary_counts_each_kind_within_the_days_asked_for()
    {
        var user = await _posts.NewUserAsync();
        var now = app.Clock.GetUtcNow();
        await LogAsync(user, ("post.liked", now.AddHours(-1)), ("post.liked", now.AddDays(-2)), ("follow.created", now.AddHours(-5)),
            ("post.liked", now.AddDays(-10)));

        var week = await (await _posts.GetAsync("/api/v1/users/me/activity/summary", user)).ReadJsonAsync();
        Assert.Equal(7, week.GetProperty("days").GetInt32());
        Assert.Equal([("post.liked", 2L), ("follow.created", 1L)], Counts(week));
        var month = await (await _posts.GetAsync("/api/v1/users/me/activity/summary?days=30", user)).ReadJsonAsync();
        Assert.Equal([("post.liked", 3L), ("follow.created", 1L)], Counts(month));
        var day = await (await _posts.GetAsync("/api/v1/users/me/activity/summary?days=1", user)).ReadJsonAsync();
        Assert.Equal([("follow.created", 1L), ("post.liked", 1L)], Counts(day));
    }

    [Theory]
    [InlineData("/api/v1/users/me/activity?type=Post%20Liked", "type")]
    [InlineData("/api/v1/users/me/activity?type=post..liked", "type")]
    [InlineData("/api/v1/users/me/activity?limit=0", "limit")]
    [InlineData("/api/v1/users/me/activity?cursor=nonsense", "cursor")]
    [InlineData("/api/v1/users/me/activity/summary?days=0", "days")]
    [InlineData("/api/v1/users/me/activity/summary?days=91", "days")]
    [InlineData("/api/v1/users/me/activity/summary?days=week", "days")]
    public async Task Bad_parameters_are_400s_naming_them(string url, string field)
    {
        var user = await _posts.NewUserAsync();
        var response = await _posts.GetAsync(url, user);
        if (field == "cursor") await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        else await response.AssertValidationErrorAsync(field);
    }

    private async Task<List<JsonElement>> ItemsAsync(TestUser user, string query = "") =>
        (await (await _posts.GetAsync("/api/v1/users/me/activity" + query, user)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    private static List<string?> Types(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString()).ToList();

    private static List<(string?, long)> Counts(JsonElement summary) =>
        summary.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("type").GetString(), i.GetProperty("count").GetInt64())).ToList();

    private async Task LogAsync(TestUser user, params (string Type, DateTimeOffset At)[] rows)
    {
        foreach (var (type, at) in rows)
            await _posts.ExecuteAsync("""
                INSERT INTO user_activities (id, user_id, activity_type, entity_type, entity_id, created_at)
                VALUES (gen_random_uuid(), @id, @type, 'post', gen_random_uuid(), @at)
                """, new { id = user.Id, type, at });
    }
}
