using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// The broadcaster removes a viewer (live_stream_removals, migration 0093): the viewer leaves at once (the count drops), the
/// broadcast is hidden from them on every route, their comments leave the list, and lifting the removal undoes all of it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveRemovalTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    private Task<HttpResponseMessage> RemoveAsync(Guid id, TestUser? host, string username) =>
        _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{id}/removed-viewers/{username}", host);

    private Task<HttpResponseMessage> RestoreAsync(Guid id, TestUser? host, string username) =>
        _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{id}/removed-viewers/{username}", host);

    [Fact]
    public async Task A_removed_viewer_leaves_at_once_and_the_broadcast_is_hidden_from_them_until_the_removal_is_lifted()
    {
        var host = await _live.NewUserAsync();
        var troll = await _live.NewUserAsync();
        var fan = await _live.NewUserAsync();
        await _live.Posts.FollowAsync(troll, host);
        var id = await _live.LiveStreamIdAsync(host);
        foreach (var viewer in new[] { troll, fan }) await (await _live.PostAsync($"/api/v1/live/{id}/join", viewer)).EnsureNoContentAsync();
        await (await _live.PostAsync($"/api/v1/live/{id}/comments", troll, new { content = "spam spam" })).ReadJsonAsync(HttpStatusCode.Created);
        await (await _live.PostAsync($"/api/v1/live/{id}/comments", fan, new { content = "hello!" })).ReadJsonAsync(HttpStatusCode.Created);

        await (await RemoveAsync(id, host, troll.Username)).EnsureNoContentAsync();
        await (await RemoveAsync(id, host, troll.Username)).EnsureNoContentAsync(); // idempotent

        Assert.Equal(1L, (await _live.StatsAsync(id)).Viewers);
        foreach (var attempt in new[]
                 {
                     _live.GetAsync($"/api/v1/live/{id}", troll), _live.GetAsync($"/api/v1/live/{id}/comments", troll),
                     _live.PostAsync($"/api/v1/live/{id}/join", troll), _live.PostAsync($"/api/v1/live/{id}/comments", troll, new { content = "back" }),
                 })
            await (await attempt).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, LiveClient.Ids(await (await _live.GetAsync("/api/v1/live/following", troll)).ReadJsonAsync()));
        var comments = await (await _live.GetAsync($"/api/v1/live/{id}/comments", fan)).ReadJsonAsync();
        Assert.Equal(["hello!"], comments.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("content").GetString()));
        var removed = await (await _live.GetAsync($"/api/v1/live/{id}/removed-viewers", host)).ReadJsonAsync();
        Assert.Equal([troll.Id], LiveClient.Ids(removed));

        await (await RestoreAsync(id, host, troll.Username)).EnsureNoContentAsync();
        await (await RestoreAsync(id, host, troll.Username)).EnsureNoContentAsync();

        await (await _live.PostAsync($"/api/v1/live/{id}/join", troll)).EnsureNoContentAsync();
        Assert.Equal(2L, (await _live.StatsAsync(id)).Viewers);
        Assert.Equal(2, (await (await _live.GetAsync($"/api/v1/live/{id}/comments", fan)).ReadJsonAsync()).GetProperty("items").GetArrayLength());
        Assert.Empty(LiveClient.Ids(await (await _live.GetAsync($"/api/v1/live/{id}/removed-viewers", host)).ReadJsonAsync()));
    }

    [Fact]
    public async Task Removed_before_the_start_an_account_loses_its_reminder_and_gets_no_notice()
    {
        var host = await _live.NewUserAsync();
        var follower = await _live.NewUserAsync();
        var fan = await _live.NewUserAsync();
        await _live.Posts.FollowAsync(follower, host);
        var id = await _live.StreamIdAsync(host);
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{id}/reminder", fan)).EnsureNoContentAsync();

        await (await RemoveAsync(id, host, fan.Username)).EnsureNoContentAsync();
        await (await RemoveAsync(id, host, follower.Username)).EnsureNoContentAsync();
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{id}/reminder", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _live.PostAsync($"/api/v1/live/{id}/start", host)).ReadJsonAsync();
        await _live.SettleAsync(id);

        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM live_reminders WHERE stream_id = @id", new { id }));
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE entity_id = @id AND type = 'live_started'", new { id }));
        // A notice written before a removal leaves the list with the broadcast (can_view_entity and its written-out twin agree).
        await (await RestoreAsync(id, host, follower.Username)).EnsureNoContentAsync();
        var other = await _live.NewUserAsync();
        await _live.Posts.FollowAsync(other, host);
        var second = await _live.StreamIdAsync(host);
        await (await _live.PostAsync($"/api/v1/live/{id}/end", host)).ReadJsonAsync();
        await (await _live.PostAsync($"/api/v1/live/{second}/start", host)).ReadJsonAsync();
        await _live.SettleAsync(second);
        Assert.Equal(1, await NoticeCountAsync(other, second));
        await (await RemoveAsync(second, host, other.Username)).EnsureNoContentAsync();
        Assert.Equal(0, await NoticeCountAsync(other, second));
        Assert.False(await _live.Posts.ScalarAsync<bool>("SELECT can_view_entity(@u, 'live_stream', @second)", new { u = other.Id, second }));
    }

    [Fact]
    public async Task Only_the_broadcaster_removes_only_others_and_only_before_the_end()
    {
        var host = await _live.NewUserAsync();
        var viewer = await _live.NewUserAsync();
        var stranger = await _live.NewUserAsync();
        var id = await _live.LiveStreamIdAsync(host);
        await (await _live.PostAsync($"/api/v1/live/{id}/join", viewer)).EnsureNoContentAsync();

        await (await RemoveAsync(id, stranger, viewer.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RemoveAsync(id, viewer, host.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RestoreAsync(id, stranger, viewer.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _live.GetAsync($"/api/v1/live/{id}/removed-viewers", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RemoveAsync(id, null, viewer.Username)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await RemoveAsync(id, host, host.Username)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await RemoveAsync(id, host, "me")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await RemoveAsync(id, host, "nobody_" + Guid.NewGuid().ToString("N")[..8])).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RemoveAsync(Guid.NewGuid(), host, viewer.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/not-an-id/removed-viewers/{viewer.Username}", host))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _live.GetAsync($"/api/v1/live/{id}/removed-viewers?limit=0", host)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(1L, (await _live.StatsAsync(id)).Viewers);

        await (await _live.PostAsync($"/api/v1/live/{id}/end", host)).ReadJsonAsync();
        await (await RemoveAsync(id, host, viewer.Username)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_removals WHERE stream_id = @id", new { id }));
    }

    [Fact]
    public async Task A_removal_racing_joins_leaves_no_removed_viewer_counted()
    {
        var host = await _live.NewUserAsync();
        var id = await _live.LiveStreamIdAsync(host);
        var viewers = new List<TestUser>();
        for (var i = 0; i < 8; i++) viewers.Add(await _live.NewUserAsync());

        var joins = viewers.Select(v => _live.PostAsync($"/api/v1/live/{id}/join", v)).ToList();
        var removals = viewers.Where((_, i) => i % 2 == 0).Select(v => RemoveAsync(id, host, v.Username)).ToList();
        await Task.WhenAll(joins.Concat(removals));

        Assert.All(removals, r => Assert.Equal(HttpStatusCode.NoContent, r.Result.StatusCode));
        Assert.All(joins, r => Assert.True(r.Result.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound));
        var open = await _live.Posts.ScalarAsync<long>("""
            SELECT count(*) FROM live_stream_viewers v WHERE v.stream_id = @id AND v.left_at IS NULL
               AND EXISTS (SELECT 1 FROM live_stream_removals r WHERE r.stream_id = v.stream_id AND r.user_id = v.user_id)
            """, new { id });
        Assert.Equal(0L, open);
        Assert.Equal(await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_stream_viewers WHERE stream_id = @id AND left_at IS NULL", new { id }),
            (await _live.StatsAsync(id)).Viewers);
    }

    private async Task<int> NoticeCountAsync(TestUser user, Guid streamId)
    {
        var page = await (await _live.GetAsync("/api/v1/notifications?limit=50", user)).ReadJsonAsync();
        return page.GetProperty("items").EnumerateArray().Count(n => n.TryGetProperty("entityId", out var e) && e.GetString() == streamId.ToString());
    }

    [Fact]
    public async Task A_muted_commenter_keeps_watching_but_cannot_comment_until_unmuted()
    {
        var host = await _live.NewUserAsync();
        var chatty = await _live.NewUserAsync();
        var id = await _live.LiveStreamIdAsync(host);
        await (await _live.PostAsync($"/api/v1/live/{id}/join", chatty)).EnsureNoContentAsync();
        await (await _live.PostAsync($"/api/v1/live/{id}/comments", chatty, new { content = "before" })).ReadJsonAsync(HttpStatusCode.Created);

        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{id}/muted-commenters/{chatty.Username}", host)).EnsureNoContentAsync();
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{id}/muted-commenters/{chatty.Username}", host)).EnsureNoContentAsync();

        await (await _live.PostAsync($"/api/v1/live/{id}/comments", chatty, new { content = "after" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(1L, (await _live.StatsAsync(id)).Viewers);
        await (await _live.GetAsync($"/api/v1/live/{id}", chatty)).ReadJsonAsync();
        var comments = await (await _live.GetAsync($"/api/v1/live/{id}/comments", host)).ReadJsonAsync();
        Assert.Equal(["before"], comments.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("content").GetString()));
        Assert.Equal([chatty.Id], LiveClient.Ids(await (await _live.GetAsync($"/api/v1/live/{id}/muted-commenters", host)).ReadJsonAsync()));
        await (await _live.GetAsync($"/api/v1/live/{id}/muted-commenters", chatty)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{id}/muted-commenters/{host.Username}", host)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{id}/muted-commenters/{host.Username}", chatty)).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{id}/muted-commenters/{chatty.Username}", host)).EnsureNoContentAsync();
        await (await _live.PostAsync($"/api/v1/live/{id}/comments", chatty, new { content = "back" })).ReadJsonAsync(HttpStatusCode.Created);
    }
}
