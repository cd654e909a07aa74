using System.Net;
using System.Text.Json;
using Fowergram.Platform.Presence;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// Activity status (migration 0112): every authenticated request notes its account's activity, written in batches; a
/// thread shows another member's last activity only when both show theirs, both accepted the thread, and the member does
/// not restrict the viewer.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ActivityStatusTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private Task FlushAsync() => app.Services.GetRequiredService<PresenceWriter>().FlushAsync(CancellationToken.None);

    /// <summary>What <paramref name="viewer"/> sees of <paramref name="member"/>'s last activity in the thread (null: nothing).</summary>
    private async Task<DateTimeOffset?> SeenAsync(TestUser viewer, Guid thread, TestUser member)
    {
        var view = await (await _dm.Posts.GetAsync($"/api/v1/conversations/{thread}", viewer)).ReadJsonAsync();
        var them = view.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == member.Id);
        return them.TryGetProperty("lastActiveAt", out var at) ? at.GetDateTimeOffset() : null;
    }

    private Task<HttpResponseMessage> SetAsync(TestUser user, object body) =>
        _dm.Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/activity-status", user, body);

    /// <summary>Two accounts that follow each other, in a thread both accepted, each active once at a known time.</summary>
    private async Task<(TestUser A, TestUser B, Guid Thread, DateTimeOffset BActiveAt)> PairAsync()
    {
        var (a, b) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await _dm.Posts.FollowAsync(a, b);
        await _dm.Posts.FollowAsync(b, a);
        var thread = await _dm.DirectAsync(a, b);
        // Past the marks of the set-up requests (PresenceMarks.Resolution). The shared host's clock only moves forward, and
        // other hosts' tests read it through the events it delivers, so it moves no further than needed.
        app.Clock.Advance(PresenceMarks.Resolution + TimeSpan.FromSeconds(1));
        var at = app.Clock.GetUtcNow();
        (await _dm.Posts.GetAsync("/api/v1/users/me", b)).EnsureSuccessStatusCode();
        await FlushAsync();
        return (a, b, thread, at);
    }

    [Fact]
    public async Task A_member_of_a_thread_sees_when_the_other_was_last_active()
    {
        var (a, b, thread, at) = await PairAsync();

        var seen = await SeenAsync(a, thread, b);
        Assert.NotNull(seen);
        Assert.True((seen.Value - at).Duration() < TimeSpan.FromMilliseconds(1), $"{seen} against {at}");
        Assert.Null(await SeenAsync(a, thread, a)); // one's own is read from /users/me/activity-status
        var mine = await (await _dm.Posts.GetAsync("/api/v1/users/me/activity-status", b)).ReadJsonAsync();
        Assert.True(mine.GetProperty("visible").GetBoolean());
        Assert.True((mine.GetProperty("lastActiveAt").GetDateTimeOffset() - at).Duration() < TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Requests_within_a_minute_write_one_mark_and_later_ones_move_it_forward()
    {
        var (a, b, thread, at) = await PairAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        (await _dm.Posts.GetAsync("/api/v1/users/me", b)).EnsureSuccessStatusCode();
        await FlushAsync();
        Assert.True((await SeenAsync(a, thread, b))!.Value - at < TimeSpan.FromMilliseconds(1));

        app.Clock.Advance(TimeSpan.FromSeconds(31));
        (await _dm.Posts.GetAsync("/api/v1/users/me", b)).EnsureSuccessStatusCode();
        await FlushAsync();
        Assert.True((await SeenAsync(a, thread, b))!.Value - at > TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Turning_it_off_hides_ones_own_and_everyone_elses()
    {
        var (a, b, thread, _) = await PairAsync();
        (await _dm.Posts.GetAsync("/api/v1/users/me", a)).EnsureSuccessStatusCode();
        await FlushAsync();
        Assert.NotNull(await SeenAsync(b, thread, a));

        var off = await (await SetAsync(b, new { visible = false })).ReadJsonAsync();
        Assert.False(off.GetProperty("visible").GetBoolean());
        Assert.Null(await SeenAsync(a, thread, b));
        Assert.Null(await SeenAsync(b, thread, a));

        (await SetAsync(b, new { visible = true })).EnsureSuccessStatusCode();
        Assert.NotNull(await SeenAsync(a, thread, b));
    }

    [Fact]
    public async Task A_restricted_account_and_a_pending_request_see_nothing()
    {
        var (a, b, thread, _) = await PairAsync();
        (await _dm.Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{a.Username}/restrict", b)).EnsureSuccessStatusCode();
        Assert.Null(await SeenAsync(a, thread, b));
        (await _dm.Posts.GetAsync("/api/v1/users/me", a)).EnsureSuccessStatusCode();
        await FlushAsync();
        Assert.NotNull(await SeenAsync(b, thread, a)); // restricting hides the restricter's status, not the other way round

        var (stranger, sender) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var request = await _dm.DirectAsync(sender, stranger); // the stranger does not follow the sender: a request
        (await _dm.Posts.GetAsync("/api/v1/users/me", stranger)).EnsureSuccessStatusCode();
        await FlushAsync();
        Assert.Null(await SeenAsync(sender, request, stranger));
        Assert.Null(await SeenAsync(stranger, request, sender));
    }

    [Fact]
    public async Task Bad_input_is_a_400_and_changes_nothing()
    {
        var user = await _dm.NewUserAsync();
        await (await SetAsync(user, new { })).AssertValidationErrorAsync("visible");
        await (await _dm.Posts.SendRawAsync(HttpMethod.Put, "/api/v1/users/me/activity-status", user, """{"visible":"no"}"""))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await SetAsync(null!, new { visible = false })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.True((await (await _dm.Posts.GetAsync("/api/v1/users/me/activity-status", user)).ReadJsonAsync()).GetProperty("visible").GetBoolean());
    }

    [Fact]
    public void Marks_are_taken_once_and_throttled_to_one_a_minute_per_account()
    {
        var clock = new TestClock();
        var marks = new PresenceMarks(clock);
        var user = Guid.NewGuid();
        marks.Seen(user);
        clock.Advance(TimeSpan.FromSeconds(59));
        marks.Seen(user);
        Assert.Single(marks.Take());
        Assert.Empty(marks.Take());
        clock.Advance(TimeSpan.FromSeconds(1));
        marks.Seen(user);
        Assert.Equal(clock.GetUtcNow(), Assert.Single(marks.Take()).At);
    }
}
