using System.Globalization;
using System.Net;
using System.Text.Json;
using Fowergram.Platform.Presence;
using Fowergram.Platform.Profiles;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// Quiet mode (migration 0177): the settings and their refusals, on-demand periods and their end, a weekly schedule across
/// midnight in a zone of its own, the badge leaving out what arrived during the period until it ends, the summary, the
/// activity status shown as quiet mode, and the automatic reply once per thread and period.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class QuietModeTests(FowergramApp app)
{
    private const string Path = "/api/v1/users/me/quiet-mode";
    private readonly DmClient _dm = new(app);

    private Task<HttpResponseMessage> PutAsync(TestUser? user, object body) => _dm.SendAsync(HttpMethod.Put, Path, user, body);

    private async Task<JsonElement> SetAsync(TestUser user, object body) => await (await PutAsync(user, body)).ReadJsonAsync();

    private Task<JsonElement> GetAsync(TestUser user, string path = Path) => _dm.GetJsonAsync(path, user);

    private async Task<long> BadgeAsync(TestUser user) =>
        (await GetAsync(user, "/api/v1/notifications/unread-count")).GetProperty("count").GetInt64();

    private Task NoticeAsync(TestUser recipient, string type, DateTimeOffset at, TestUser? actor = null) =>
        _dm.Posts.ExecuteAsync("""
            INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
            VALUES (gen_random_uuid(), @recipient, @actor, @type, CASE WHEN @actor IS NULL THEN NULL ELSE 'user' END, @actor,
                    CASE WHEN @actor IS NULL THEN 'notice' END, @at)
            """, new { recipient = recipient.Id, actor = actor?.Id, type, at });

    private static DateTimeOffset? At(JsonElement json, string name) => json.TryGetProperty(name, out var v) ? v.GetDateTimeOffset() : null;

    private static void Near(DateTimeOffset expected, DateTimeOffset? actual) =>
        Assert.True(actual is { } a && (a - expected).Duration() < TimeSpan.FromMilliseconds(1), $"{actual} against {expected}");

    [Fact]
    public async Task Settings_round_trip_and_every_bad_input_is_a_400_that_changes_nothing()
    {
        var user = await _dm.NewUserAsync();
        var fresh = await GetAsync(user);
        Assert.False(fresh.GetProperty("enabled").GetBoolean());
        Assert.False(fresh.GetProperty("active").GetBoolean());
        Assert.False(fresh.TryGetProperty("schedule", out _));

        var until = app.Clock.GetUtcNow().AddHours(2);
        var set = await SetAsync(user, new
        {
            enabled = true, until,
            schedule = new { days = new[] { "fri", "mon" }, from = "22:00", to = "07:00", timeZone = "Europe/Paris" },
        });
        Assert.True(set.GetProperty("enabled").GetBoolean());
        Assert.True(set.GetProperty("active").GetBoolean());
        Near(until, At(set, "until"));
        Assert.True(At(set, "activeUntil") >= until.AddMilliseconds(-1)); // the schedule may extend the period
        var schedule = set.GetProperty("schedule");
        Assert.Equal(["mon", "fri"], schedule.GetProperty("days").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(("22:00", "07:00", "Europe/Paris"),
            (schedule.GetProperty("from").GetString(), schedule.GetProperty("to").GetString(), schedule.GetProperty("timeZone").GetString()));
        var stored = (await GetAsync(user)).GetRawText();
        Assert.Equal(set.GetRawText(), stored);

        var now = app.Clock.GetUtcNow();
        object Schedule(object? days = null, string from = "22:00", string to = "07:00", string timeZone = "Asia/Tokyo") =>
            new { enabled = true, schedule = new { days = days ?? new[] { "mon" }, from, to, timeZone } };
        await (await PutAsync(user, new { })).AssertValidationErrorAsync("enabled");
        await (await PutAsync(user, new { enabled = true, until = now.AddMinutes(-1) })).AssertValidationErrorAsync("until");
        await (await PutAsync(user, new { enabled = true, until = now.AddHours(12).AddMinutes(1) })).AssertValidationErrorAsync("until");
        await (await PutAsync(user, new { enabled = false, until = now.AddHours(1) })).AssertValidationErrorAsync("until");
        await (await PutAsync(user, Schedule(Array.Empty<string>()))).AssertValidationErrorAsync("schedule.days");
        await (await PutAsync(user, Schedule(new[] { "mon", "mon" }))).AssertValidationErrorAsync("schedule.days");
        await (await PutAsync(user, Schedule(new[] { "monday" }))).AssertValidationErrorAsync("schedule.days");
        await (await PutAsync(user, Schedule(new string?[] { null }))).AssertValidationErrorAsync("schedule.days");
        await (await PutAsync(user, new { enabled = true, schedule = new { from = "22:00", to = "07:00", timeZone = "UTC" } })).AssertValidationErrorAsync("schedule.days");
        await (await PutAsync(user, Schedule(from: "25:00"))).AssertValidationErrorAsync("schedule.from");
        await (await PutAsync(user, Schedule(from: "10pm"))).AssertValidationErrorAsync("schedule.from");
        await (await PutAsync(user, Schedule(to: "7:00"))).AssertValidationErrorAsync("schedule.to");
        await (await PutAsync(user, Schedule(to: "22:00"))).AssertValidationErrorAsync("schedule.to");
        await (await PutAsync(user, Schedule(timeZone: "Mars/Olympus_Mons"))).AssertValidationErrorAsync("schedule.timeZone");
        await (await PutAsync(user, Schedule(timeZone: "Tokyo Standard Time"))).AssertValidationErrorAsync("schedule.timeZone"); // a Windows name
        await (await PutAsync(user, Schedule(timeZone: ""))).AssertValidationErrorAsync("schedule.timeZone");
        await (await PutAsync(user, Schedule(timeZone: "Europe/"))).AssertValidationErrorAsync("schedule.timeZone"); // a folder: was a 500
        await (await PutAsync(user, Schedule(timeZone: "../zoneinfo/UTC"))).AssertValidationErrorAsync("schedule.timeZone");
        await (await _dm.Posts.SendRawAsync(HttpMethod.Put, Path, user, """{"enabled":"yes"}""")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _dm.Posts.SendRawAsync(HttpMethod.Put, Path, user, """{"enabled":true,"until":"soon"}""")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _dm.Posts.SendRawAsync(HttpMethod.Put, Path, user, """{"enabled":true,"schedule":[]}""")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await PutAsync(null, new { enabled = false })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _dm.Posts.GetAsync(Path, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _dm.Posts.GetAsync(Path + "/summary", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(stored, (await GetAsync(user)).GetRawText());

        var cleared = await SetAsync(user, new { enabled = false });
        Assert.False(cleared.GetProperty("enabled").GetBoolean());
        Assert.False(cleared.TryGetProperty("schedule", out _));
        Assert.False(cleared.TryGetProperty("until", out _));
    }

    [Fact]
    public async Task An_on_demand_period_ends_at_its_until_or_when_turned_off()
    {
        var user = await _dm.NewUserAsync();
        var now = app.Clock.GetUtcNow();
        Assert.True((await SetAsync(user, new { enabled = true, until = now.AddHours(1) })).GetProperty("active").GetBoolean());

        // Aged rather than waited for: the period began two hours ago and ended a minute ago.
        await _dm.Posts.ExecuteAsync("UPDATE users SET quiet_mode_since = @since, quiet_mode_until = @until WHERE id = @id",
            new { id = user.Id, since = now.AddHours(-2), until = now.AddMinutes(-1) });
        var ended = await GetAsync(user);
        Assert.False(ended.GetProperty("enabled").GetBoolean());
        Assert.False(ended.GetProperty("active").GetBoolean());
        var summary = await GetAsync(user, Path + "/summary");
        Assert.False(summary.GetProperty("active").GetBoolean());
        Near(now.AddHours(-2), At(summary, "startedAt"));
        Near(now.AddMinutes(-1), At(summary, "endedAt"));

        var open = await SetAsync(user, new { enabled = true });
        Assert.True(open.GetProperty("active").GetBoolean());
        Assert.False(open.TryGetProperty("activeUntil", out _)); // until turned off
        Near(now, At(open, "activeSince"));
        var again = await SetAsync(user, new { enabled = true, until = now.AddHours(3) }); // the period goes on, with an end
        Near(now, At(again, "activeSince"));
        Near(now.AddHours(3), At(again, "activeUntil"));

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var off = await SetAsync(user, new { enabled = false });
        Assert.False(off.GetProperty("active").GetBoolean());
        Assert.Equal(app.Clock.GetUtcNow(), await _dm.Posts.ScalarAsync<DateTimeOffset>("SELECT quiet_mode_until FROM users WHERE id = @id", new { id = user.Id }),
            new MicrosecondComparer());
    }

    [Fact]
    public async Task A_schedule_crossing_midnight_in_its_own_zone_makes_the_account_quiet()
    {
        var user = await _dm.NewUserAsync();
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var local = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), tokyo).DateTime;
        // A 23-hour window that began within the last hour (to before from: it crosses midnight), on the day it began.
        var start = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0).AddMinutes(-30);
        var day = QuietSchedule.DayNames[((int)start.DayOfWeek + 6) % 7];
        var from = start.ToString("HH:mm", CultureInfo.InvariantCulture);
        var to = start.AddHours(-1).ToString("HH:mm", CultureInfo.InvariantCulture);

        var on = await SetAsync(user, new { enabled = false, schedule = new { days = new[] { day }, from, to, timeZone = "Asia/Tokyo" } });
        Assert.False(on.GetProperty("enabled").GetBoolean());
        Assert.True(on.GetProperty("active").GetBoolean());
        var startUtc = new DateTimeOffset(start.AddHours(-9), TimeSpan.Zero); // Tokyo keeps UTC+9 all year
        Near(startUtc, At(on, "activeSince"));
        Near(startUtc.AddHours(23), At(on, "activeUntil"));

        var otherDays = QuietSchedule.DayNames.Where(d => d != day).ToArray();
        var off = await SetAsync(user, new { enabled = false, schedule = new { days = otherDays, from, to, timeZone = "Asia/Tokyo" } });
        Assert.False(off.GetProperty("active").GetBoolean()); // the window of the day before ended an hour before this one starts
    }

    [Fact]
    public void Windows_follow_the_zone_and_belong_to_the_day_they_start_on()
    {
        Assert.True(QuietSchedule.TryCreate(["fri"], "22:00", "07:00", "Europe/Paris", out var schedule, out _));
        var mode = new QuietMode(null, null, schedule);
        // Friday 2026-03-27 22:00 in Paris is 21:00 UTC (winter time); the night of 28–29 March skips 02:00–03:00.
        var friday = new DateTimeOffset(2026, 3, 27, 21, 0, 0, TimeSpan.Zero);
        Assert.Null(mode.Current(friday.AddMinutes(-1)));
        var period = mode.Current(friday.AddHours(5));
        Assert.Equal(new QuietPeriod(friday, new DateTimeOffset(2026, 3, 28, 6, 0, 0, TimeSpan.Zero)), period); // Saturday 07:00 in Paris
        Assert.Null(mode.Current(new DateTimeOffset(2026, 3, 28, 21, 30, 0, TimeSpan.Zero))); // Saturday night: not a listed day
        Assert.Equal(period, mode.Last(new DateTimeOffset(2026, 3, 30, 12, 0, 0, TimeSpan.Zero)));

        // An on-demand period that reaches into the window is one period with it.
        var joined = new QuietMode(friday.AddHours(-2), friday.AddMinutes(10), schedule).Current(friday.AddHours(-1));
        Assert.Equal(new QuietPeriod(friday.AddHours(-2), new DateTimeOffset(2026, 3, 28, 6, 0, 0, TimeSpan.Zero)), joined);
    }

    [Fact]
    public async Task The_badge_leaves_out_what_arrived_while_quiet_until_the_period_ends_and_the_summary_counts_it()
    {
        var (user, actor) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var start = app.Clock.GetUtcNow();
        await NoticeAsync(user, "system", start.AddHours(-1));
        await SetAsync(user, new { enabled = true, until = start.AddHours(1) });
        await NoticeAsync(user, "system", start.AddMilliseconds(1));
        await NoticeAsync(user, "system", start.AddMilliseconds(1));
        await NoticeAsync(user, "follow", start.AddMilliseconds(1), actor);

        Assert.Equal(1, await BadgeAsync(user));
        var items = (await GetAsync(user, "/api/v1/notifications?limit=50")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(4, items.Count); // nothing is lost
        Assert.Equal(3, items.Count(i => i.TryGetProperty("duringQuietMode", out var q) && q.GetBoolean()));
        var during = await GetAsync(user, Path + "/summary");
        Assert.True(during.GetProperty("active").GetBoolean());
        Assert.Equal(3, during.GetProperty("total").GetInt32());

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await SetAsync(user, new { enabled = false });
        Assert.Equal(4, await BadgeAsync(user));
        var summary = await GetAsync(user, Path + "/summary");
        Assert.False(summary.GetProperty("active").GetBoolean());
        Near(start, At(summary, "startedAt"));
        Near(app.Clock.GetUtcNow(), At(summary, "endedAt"));
        Assert.Equal(3, summary.GetProperty("total").GetInt32());
        Assert.False(summary.GetProperty("more").GetBoolean());
        Assert.Equal([("system", 2), ("follow", 1)],
            summary.GetProperty("kinds").EnumerateArray().Select(k => (k.GetProperty("type").GetString(), k.GetProperty("count").GetInt32())));
        Assert.Equal(3, (await GetAsync(user, "/api/v1/notifications?limit=50")).GetProperty("items").EnumerateArray()
            .Count(i => i.TryGetProperty("duringQuietMode", out _))); // still marked, as the last period's

        var never = await GetAsync(actor, Path + "/summary");
        Assert.Equal(0, never.GetProperty("total").GetInt32());
        Assert.False(never.TryGetProperty("startedAt", out _));
    }

    [Fact]
    public async Task A_period_that_ended_more_than_a_week_ago_is_no_last_period()
    {
        var user = await _dm.NewUserAsync();
        var now = app.Clock.GetUtcNow();
        await _dm.Posts.ExecuteAsync("UPDATE users SET quiet_mode_since = @since, quiet_mode_until = @until WHERE id = @id",
            new { id = user.Id, since = now.AddDays(-10).AddHours(-2), until = now.AddDays(-10) });
        await NoticeAsync(user, "system", now.AddDays(-10).AddHours(-1));

        var summary = await GetAsync(user, Path + "/summary");
        Assert.Equal(0, summary.GetProperty("total").GetInt32());
        Assert.False(summary.TryGetProperty("startedAt", out _));
        Assert.DoesNotContain((await GetAsync(user, "/api/v1/notifications")).GetProperty("items").EnumerateArray(),
            i => i.TryGetProperty("duringQuietMode", out _));
    }

    /// <summary>Two accounts that follow each other, in a thread both accepted; <c>b</c> was active since.</summary>
    private async Task<(TestUser A, TestUser B, Guid Thread)> FriendsAsync()
    {
        var (a, b) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await _dm.Posts.FollowAsync(a, b);
        await _dm.Posts.FollowAsync(b, a);
        var thread = await _dm.DirectAsync(a, b);
        return (a, b, thread);
    }

    private async Task<JsonElement> MemberAsync(TestUser viewer, Guid thread, TestUser member) =>
        (await _dm.ThreadAsync(viewer, thread)).GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == member.Id);

    [Fact]
    public async Task Those_who_see_the_activity_status_see_quiet_mode_instead()
    {
        var (a, b, thread) = await FriendsAsync();
        app.Clock.Advance(PresenceMarks.Resolution + TimeSpan.FromSeconds(1));
        (await _dm.Posts.GetAsync("/api/v1/users/me", b)).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<PresenceWriter>().FlushAsync(CancellationToken.None);
        Assert.True((await MemberAsync(a, thread, b)).TryGetProperty("lastActiveAt", out _));

        await SetAsync(b, new { enabled = true });
        var quiet = await MemberAsync(a, thread, b);
        Assert.True(quiet.GetProperty("inQuietMode").GetBoolean());
        Assert.False(quiet.TryGetProperty("lastActiveAt", out _));
        Assert.False((await MemberAsync(b, thread, b)).TryGetProperty("inQuietMode", out _)); // one's own is read from the settings

        (await _dm.Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/activity-status", b, new { visible = false })).EnsureSuccessStatusCode();
        Assert.False((await MemberAsync(a, thread, b)).TryGetProperty("inQuietMode", out _)); // hidden status: nothing to show

        var stranger = await _dm.NewUserAsync();
        var request = await _dm.DirectAsync(stranger, b);
        Assert.False((await MemberAsync(stranger, request, b)).TryGetProperty("inQuietMode", out _));

        (await _dm.Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/activity-status", b, new { visible = true })).EnsureSuccessStatusCode();
        await SetAsync(b, new { enabled = false });
        var back = await MemberAsync(a, thread, b);
        Assert.False(back.TryGetProperty("inQuietMode", out _));
        Assert.True(back.TryGetProperty("lastActiveAt", out _));
    }

    private async Task<List<JsonElement>> MessagesAsync(TestUser reader, Guid thread) =>
        (await _dm.GetJsonAsync($"/api/v1/conversations/{thread}/messages?limit=50", reader)).GetProperty("items").EnumerateArray().ToList();

    private static bool Automatic(JsonElement message) => message.GetProperty("automatic").GetBoolean();

    [Fact]
    public async Task The_first_message_of_a_quiet_period_gets_one_automatic_reply_per_thread()
    {
        var (a, b, thread) = await FriendsAsync();
        var name = await _dm.Posts.ScalarAsync<string>("SELECT full_name FROM users WHERE id = @id", new { id = b.Id });
        await _dm.SayAsync(b, thread, "before");
        await SetAsync(b, new { enabled = true });

        await _dm.SayAsync(a, thread, "are you there?");
        var messages = await MessagesAsync(a, thread);
        var reply = messages[0];
        Assert.True(Automatic(reply));
        Assert.Equal(b.Id, reply.GetProperty("sender").GetProperty("id").GetGuid());
        Assert.Equal($"{name} is in quiet mode and may not see this right away.", reply.GetProperty("text").GetString());
        Assert.Equal("are you there?", messages[1].GetProperty("text").GetString());
        Assert.False(Automatic(messages[1]));
        Assert.Equal(1, (await _dm.ThreadAsync(a, thread)).GetProperty("unreadCount").GetInt32());
        // The automatic answer does not show the sender their message as seen.
        Assert.DoesNotContain((await _dm.ThreadAsync(a, thread)).GetProperty("readMarks").EnumerateArray(),
            m => m.GetProperty("userId").GetGuid() == b.Id && m.GetProperty("messageId").GetGuid() == messages[1].GetProperty("id").GetGuid());

        await _dm.SayAsync(a, thread, "hello?");
        await _dm.SayAsync(b, thread, "my own message gets no answer");
        Assert.Single(await MessagesAsync(a, thread), Automatic);

        // A new period answers again.
        await SetAsync(b, new { enabled = false });
        app.Clock.Advance(TimeSpan.FromMilliseconds(5));
        await SetAsync(b, new { enabled = true });
        await _dm.SayAsync(a, thread, "and now?");
        Assert.Equal(2, (await MessagesAsync(a, thread)).Count(Automatic));
        await SetAsync(b, new { enabled = false });
    }

    [Fact]
    public async Task Requests_blocked_people_and_groups_get_no_automatic_reply()
    {
        var (quiet, stranger, blocked, friend) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await SetAsync(quiet, new { enabled = true });

        var request = await _dm.DirectAsync(stranger, quiet); // the quiet account does not follow the stranger: a request
        await _dm.SayAsync(stranger, request, "hi, we have not met");
        Assert.DoesNotContain(await MessagesAsync(stranger, request), Automatic);

        await _dm.Posts.FollowAsync(quiet, blocked);
        var thread = await _dm.DirectAsync(blocked, quiet);
        await _dm.SayAsync(blocked, thread, "first");
        Assert.Contains(await MessagesAsync(blocked, thread), Automatic);
        await _dm.Posts.ExecuteAsync("DELETE FROM messages WHERE conversation_id = @thread AND is_automatic", new { thread });
        (await _dm.Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{blocked.Username}/restrict", quiet)).EnsureSuccessStatusCode();
        await _dm.SayAsync(blocked, thread, "restricted now");
        Assert.DoesNotContain(await MessagesAsync(blocked, thread), Automatic);

        await _dm.Posts.FollowAsync(quiet, friend);
        var group = await _dm.GroupAsync(friend, "crew", quiet, stranger);
        await _dm.SayAsync(friend, group, "hello all");
        Assert.DoesNotContain(await MessagesAsync(friend, group), Automatic);
    }

    private sealed class MicrosecondComparer : IEqualityComparer<DateTimeOffset>
    {
        public bool Equals(DateTimeOffset x, DateTimeOffset y) => (x - y).Duration() < TimeSpan.FromMilliseconds(1);
        public int GetHashCode(DateTimeOffset obj) => 0;
    }
}
