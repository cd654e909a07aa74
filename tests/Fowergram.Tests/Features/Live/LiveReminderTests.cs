using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// "Remind me" on scheduled broadcasts (live_reminders, migration 0086): idempotent PUT/DELETE, only while scheduled and
/// never by the broadcaster, isReminderSet and the broadcaster's reminderCount, and one live_started notice at the start
/// to everyone reminded who may still see the broadcaster, followers or not.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveReminderTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    private Task<HttpResponseMessage> RemindAsync(Guid id, TestUser? user) => _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{id}/reminder", user);
    private Task<HttpResponseMessage> ForgetAsync(Guid id, TestUser? user) => _live.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/live/{id}/reminder", user);

    private Task<long> NoticesAsync(TestUser user, Guid id) => _live.Posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @user AND type = 'live_started' AND entity_id = @id", new { user = user.Id, id });

    [Fact]
    public async Task The_reminded_hear_once_when_the_broadcast_starts_whether_or_not_they_follow()
    {
        var host = await _live.NewUserAsync();
        var fan = await _live.NewUserAsync();
        var follower = await _live.NewUserAsync();
        var both = await _live.NewUserAsync();
        var changedMind = await _live.NewUserAsync();
        var blockedLater = await _live.NewUserAsync();
        await _live.Posts.FollowAsync(follower, host);
        await _live.Posts.FollowAsync(both, host);
        var id = await _live.StreamIdAsync(host, "Q&A on Friday");

        foreach (var user in new[] { fan, both, changedMind, blockedLater })
        {
            await (await RemindAsync(id, user)).EnsureNoContentAsync();
            await (await RemindAsync(id, user)).EnsureNoContentAsync(); // idempotent
        }
        await (await ForgetAsync(id, changedMind)).EnsureNoContentAsync();
        await (await ForgetAsync(id, changedMind)).EnsureNoContentAsync();
        await _live.Posts.BlockAsync(host, blockedLater);

        var asFan = await (await _live.GetAsync($"/api/v1/live/{id}", fan)).ReadJsonAsync();
        Assert.True(asFan.GetProperty("isReminderSet").GetBoolean());
        Assert.False(asFan.TryGetProperty("reminderCount", out _));
        var asHost = await (await _live.GetAsync($"/api/v1/live/{id}", host)).ReadJsonAsync();
        Assert.Equal((3, false), (asHost.GetProperty("reminderCount").GetInt32(), asHost.GetProperty("isReminderSet").GetBoolean()));

        await (await _live.PostAsync($"/api/v1/live/{id}/start", host)).ReadJsonAsync();
        await _live.SettleAsync(id);

        Assert.Equal((1L, 1L, 1L), (await NoticesAsync(fan, id), await NoticesAsync(follower, id), await NoticesAsync(both, id)));
        Assert.Equal((0L, 0L, 0L), (await NoticesAsync(changedMind, id), await NoticesAsync(blockedLater, id), await NoticesAsync(host, id)));
        // Live now: no new reminder, but one may still be taken back.
        await (await RemindAsync(id, changedMind)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await ForgetAsync(id, fan)).EnsureNoContentAsync();
    }

    [Fact]
    public async Task Upcoming_lists_the_followed_accounts_scheduled_broadcasts_soonest_first()
    {
        var fan = await _live.NewUserAsync();
        var host = await _live.NewUserAsync();
        var other = await _live.NewUserAsync();
        var stranger = await _live.NewUserAsync();
        await _live.Posts.FollowAsync(fan, host);
        await _live.Posts.FollowAsync(fan, other);
        var now = app.Clock.GetUtcNow();
        async Task<Guid> ScheduledAsync(TestUser user, TimeSpan inFuture) =>
            (await _live.CreateStreamAsync(user, "Soon", now + inFuture)).GetProperty("stream").GetProperty("id").GetGuid();
        var later = await ScheduledAsync(host, TimeSpan.FromDays(3));
        var sooner = await ScheduledAsync(other, TimeSpan.FromHours(2));
        var soonest = await ScheduledAsync(host, TimeSpan.FromMinutes(30));
        var started = await ScheduledAsync(host, TimeSpan.FromHours(1));
        await (await _live.PostAsync($"/api/v1/live/{started}/start", host)).ReadJsonAsync();
        await (await _live.PostAsync($"/api/v1/live/{started}/end", host)).ReadJsonAsync();
        await _live.StreamIdAsync(host, "No time set");
        await ScheduledAsync(stranger, TimeSpan.FromHours(1)); // not followed
        await (await RemindAsync(sooner, fan)).EnsureNoContentAsync();

        var first = await (await _live.GetAsync("/api/v1/live/upcoming?limit=2", fan)).ReadJsonAsync();
        var items = first.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([soonest, sooner], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal([false, true], items.Select(i => i.GetProperty("isReminderSet").GetBoolean()));
        var rest = await (await _live.GetAsync($"/api/v1/live/upcoming?cursor={first.GetProperty("nextCursor").GetString()}", fan)).ReadJsonAsync();
        Assert.Equal([later], rest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));

        await _live.Posts.BlockAsync(other, fan);
        var afterBlock = await (await _live.GetAsync("/api/v1/live/upcoming", fan)).ReadJsonAsync();
        Assert.Equal([soonest, later], afterBlock.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        await (await _live.GetAsync("/api/v1/live/upcoming", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reminders_are_refused_to_the_broadcaster_and_for_what_the_caller_may_not_see()
    {
        var host = await _live.NewUserAsync(isPrivate: true);
        var stranger = await _live.NewUserAsync();
        var id = await _live.StreamIdAsync(host);

        await (await RemindAsync(id, host)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await RemindAsync(id, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(id, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RemindAsync(Guid.NewGuid(), stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _live.Posts.SendAsync(HttpMethod.Put, "/api/v1/live/nope/reminder", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RemindAsync(id, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var other = await _live.NewUserAsync();
        var cancelled = await _live.StreamIdAsync(other);
        await (await _live.PostAsync($"/api/v1/live/{cancelled}/cancel", other)).ReadJsonAsync();
        await (await RemindAsync(cancelled, stranger)).AssertProblemAsync(HttpStatusCode.NotFound); // a cancelled one is its host's alone
        var ended = await _live.LiveStreamIdAsync(other);
        await (await _live.PostAsync($"/api/v1/live/{ended}/end", other)).ReadJsonAsync();
        await (await RemindAsync(ended, stranger)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_reminders WHERE stream_id = ANY(@ids)",
            new { ids = new[] { id, cancelled, ended } }));
    }

    /// <summary>
    /// One's own reminder can always be taken back. Before, DELETE asked to see the broadcast first, so once a block stood
    /// either way, or the broadcast was cancelled or hidden from the caller, it was a 404 and the reminder stayed (listed in
    /// the export, and live again after an unblock).
    /// </summary>
    [Fact]
    public async Task A_reminder_is_taken_back_after_a_block_either_way_a_hide_or_a_cancellation()
    {
        var host = await _live.NewUserAsync();
        var (blockedByHost, blockingHost, hiddenFrom, waiting) =
            (await _live.NewUserAsync(), await _live.NewUserAsync(), await _live.NewUserAsync(), await _live.NewUserAsync());
        var id = await _live.StreamIdAsync(host, "Q&A on Friday");
        var later = await _live.StreamIdAsync(host, "Cancelled later");
        foreach (var user in new[] { blockedByHost, blockingHost, hiddenFrom, waiting })
            await (await RemindAsync(id, user)).EnsureNoContentAsync();
        await (await RemindAsync(later, waiting)).EnsureNoContentAsync();

        await _live.Posts.BlockAsync(host, blockedByHost);
        await _live.Posts.BlockAsync(blockingHost, host);
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/stories/hidden-from/{hiddenFrom.Username}", host)).EnsureNoContentAsync();
        await (await _live.PostAsync($"/api/v1/live/{later}/cancel", host)).ReadJsonAsync();

        foreach (var user in new[] { blockedByHost, blockingHost, hiddenFrom })
        {
            await (await ForgetAsync(id, user)).EnsureNoContentAsync();
            await (await ForgetAsync(id, user)).AssertProblemAsync(HttpStatusCode.NotFound); // nothing left, and nothing it may see
        }
        await (await ForgetAsync(later, waiting)).EnsureNoContentAsync();
        Assert.Equal(1L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_reminders WHERE stream_id = ANY(@ids)",
            new { ids = new[] { id, later } })); // the waiting account's reminder of the broadcast still scheduled
        Assert.Empty((await (await _live.GetAsync("/api/v1/users/me/export", blockedByHost)).ReadJsonAsync()).GetProperty("liveReminders").EnumerateArray());
    }
}
