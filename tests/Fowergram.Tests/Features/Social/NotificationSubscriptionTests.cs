using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// GET/PUT /users/{username}/notifications and GET /users/me/notification-subscriptions: the bell on a followed account's
/// profile (docs/social-graph.md "Notifications from accounts you follow"). Delivery: SubscriptionNotificationTests.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NotificationSubscriptionTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<HttpResponseMessage> PutAsync(TestUser who, TestUser whom, object body) =>
        _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{whom.Username}/notifications", who, body);

    private async Task<(bool Posts, bool Stories, bool Reels, bool Videos)> FlagsAsync(HttpResponseMessage response) =>
        Flags(await response.ReadJsonAsync());

    private static (bool, bool, bool, bool) Flags(JsonElement json) => (json.GetProperty("posts").GetBoolean(),
        json.GetProperty("stories").GetBoolean(), json.GetProperty("reels").GetBoolean(), json.GetProperty("videos").GetBoolean());

    private Task<long> RowsAsync(TestUser who) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM account_notification_settings WHERE follower_id = @id", new { id = who.Id });

    [Fact]
    public async Task Flags_start_off_change_one_at_a_time_are_listed_and_the_last_one_off_leaves_no_row()
    {
        var (me, them) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(me, them);

        Assert.Equal((false, false, false, false), await FlagsAsync(await _posts.GetAsync($"/api/v1/users/{them.Username}/notifications", me)));
        Assert.Equal((true, false, false, false), await FlagsAsync(await PutAsync(me, them, new { posts = true })));
        Assert.Equal((true, true, false, true), await FlagsAsync(await PutAsync(me, them, new { stories = true, videos = true })));
        Assert.Equal((true, true, false, true), await FlagsAsync(await PutAsync(me, them, new { stories = true })));
        Assert.Equal((true, true, false, true), await FlagsAsync(await _posts.GetAsync($"/api/v1/users/{them.Username}/notifications", me)));

        var page = await (await _posts.GetAsync("/api/v1/users/me/notification-subscriptions", me)).ReadJsonAsync();
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(them.Id, item.GetProperty("id").GetGuid());
        Assert.Equal(them.Username, item.GetProperty("username").GetString());
        Assert.Equal((true, true, false, true), Flags(item));
        // The other side's view of the pair is untouched: a subscription is the caller's alone.
        Assert.Equal(0, (await (await _posts.GetAsync("/api/v1/users/me/notification-subscriptions", them)).ReadJsonAsync())
            .GetProperty("items").GetArrayLength());

        Assert.Equal((false, false, false, false), await FlagsAsync(await PutAsync(me, them, new { posts = false, stories = false, videos = false })));
        Assert.Equal(0L, await RowsAsync(me));
        Assert.Equal(0, (await (await _posts.GetAsync("/api/v1/users/me/notification-subscriptions", me)).ReadJsonAsync())
            .GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_subscriptions_list_pages_newest_first()
    {
        var me = await _posts.NewUserAsync();
        var accounts = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            var account = await _posts.NewUserAsync();
            await _posts.FollowAsync(me, account);
            await (await PutAsync(me, account, new { reels = true })).ReadJsonAsync();
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
            accounts.Add(account);
        }
        var first = await (await _posts.GetAsync("/api/v1/users/me/notification-subscriptions?limit=2", me)).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await _posts.GetAsync($"/api/v1/users/me/notification-subscriptions?limit=2&cursor={Uri.EscapeDataString(cursor!)}", me)).ReadJsonAsync();
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetGuid());
        Assert.Equal(accounts.Select(a => a.Id).Reverse(), ids);
    }

    [Fact]
    public async Task Turning_notifications_on_needs_an_approved_follow()
    {
        var me = await _posts.NewUserAsync();
        var (stranger, privateOne) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(isPrivate: true));
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{privateOne.Username}/follow", me)).ReadJsonAsync(); // a request only

        var notFollowing = await (await PutAsync(me, stranger, new { posts = true })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Follow this account first", notFollowing.GetProperty("detail").GetString());
        await (await PutAsync(me, privateOne, new { stories = true })).AssertProblemAsync(HttpStatusCode.Conflict);
        // Reading is fine: nothing is on.
        Assert.Equal((false, false, false, false), await FlagsAsync(await _posts.GetAsync($"/api/v1/users/{stranger.Username}/notifications", me)));

        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/follow-requests/{me.Username}/approve", privateOne)).EnsureNoContentAsync();
        Assert.Equal((false, true, false, false), await FlagsAsync(await PutAsync(me, privateOne, new { stories = true })));
        Assert.Equal(1L, await RowsAsync(me));
    }

    [Fact]
    public async Task Oneself_is_a_400_and_unknown_blocked_and_deleted_accounts_are_404()
    {
        var me = await _posts.NewUserAsync();
        var (blocker, blocked, deleted) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        foreach (var other in new[] { blocker, blocked, deleted }) await _posts.FollowAsync(me, other);
        await _posts.BlockAsync(blocker, me);
        await _posts.BlockAsync(me, blocked);
        await _posts.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @id", new { id = deleted.Id });

        await (await PutAsync(me, me, new { posts = true })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/notifications", me, new { posts = true })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.GetAsync("/api/v1/users/me/notifications", me)).AssertProblemAsync(HttpStatusCode.BadRequest);
        foreach (var name in new[] { blocker.Username, blocked.Username, deleted.Username, "nobody" + Guid.NewGuid().ToString("N")[..8] })
        {
            await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{name}/notifications", me, new { posts = true })).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _posts.GetAsync($"/api/v1/users/{name}/notifications", me)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(0L, await RowsAsync(me));
    }

    [Fact]
    public async Task A_token_whose_account_is_gone_is_a_401_and_changes_nothing()
    {
        var (me, them) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(me, them);
        await _posts.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = me.Id });

        var response = await PutAsync(me, them, new { posts = true });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0L, await RowsAsync(me));
    }

    [Fact]
    public async Task Bad_bodies_are_400_naming_the_fields_and_change_nothing()
    {
        var (me, them) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(me, them);
        await (await PutAsync(me, them, new { reels = true })).ReadJsonAsync();
        var url = $"/api/v1/users/{them.Username}/notifications";

        var empty = await (await _posts.SendRawAsync(HttpMethod.Put, url, me, "{}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "posts", "stories", "reels", "videos" }) Assert.True(empty.GetProperty("errors").TryGetProperty(field, out _), field);
        await (await _posts.SendRawAsync(HttpMethod.Put, url, me, """{"unknown": true}""")).AssertValidationErrorAsync("posts");
        await (await _posts.SendRawAsync(HttpMethod.Put, url, me, """{"posts": "yes"}""")).AssertValidationErrorAsync("posts");
        await (await _posts.SendRawAsync(HttpMethod.Put, url, me, """{"posts": true, "videos": 1}""")).AssertValidationErrorAsync("videos");
        await (await _posts.SendRawAsync(HttpMethod.Put, url, me, "")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.SendRawAsync(HttpMethod.Put, url, me, "[true]")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.GetAsync("/api/v1/users/me/notification-subscriptions?limit=0", me)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal((false, false, true, false), await FlagsAsync(await _posts.GetAsync(url, me)));
    }

    [Fact]
    public async Task Whatever_ends_the_follow_ends_the_subscription_and_a_new_follow_starts_with_everything_off()
    {
        var me = await _posts.NewUserAsync();
        var (unfollowed, remover, blocker) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        foreach (var other in new[] { unfollowed, remover, blocker })
        {
            await _posts.FollowAsync(me, other);
            await (await PutAsync(me, other, new { posts = true, stories = true, reels = true, videos = true })).ReadJsonAsync();
        }
        Assert.Equal(3L, await RowsAsync(me));

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{unfollowed.Username}/follow", me)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/followers/{me.Username}", remover)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{me.Username}/block", blocker)).EnsureNoContentAsync();
        Assert.Equal(0L, await RowsAsync(me));

        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{unfollowed.Username}/follow", me)).ReadJsonAsync();
        Assert.Equal((false, false, false, false), await FlagsAsync(await _posts.GetAsync($"/api/v1/users/{unfollowed.Username}/notifications", me)));
        await (await PutAsync(me, remover, new { posts = true })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_export_carries_the_callers_subscriptions_only()
    {
        var (me, them, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(me, them);
        await _posts.FollowAsync(other, me);
        await (await PutAsync(me, them, new { stories = true, videos = true })).ReadJsonAsync();
        await (await PutAsync(other, me, new { posts = true })).ReadJsonAsync();

        var export = await (await _posts.GetAsync("/api/v1/users/me/export", me)).ReadJsonAsync();
        var entry = Assert.Single(export.GetProperty("notificationSubscriptions").EnumerateArray());
        Assert.Equal(them.Username, entry.GetProperty("username").GetString());
        Assert.Equal((false, true, false, true), Flags(entry));
        Assert.True(entry.TryGetProperty("since", out _));
    }
}
