using System.Net;
using System.Text.Json;
using Fowergram.Platform.Presence;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Insights;

/// <summary>
/// The followers' most active times (docs/insights.md "Most active times"): the hours of the week in which followers made
/// requests, this week and the last, counted per UTC hour (or shifted), shown from a minimum of active followers on (2 on
/// this host, 100 by default), never counting a follower who hid their activity status. The host has its own clock, set to
/// a Monday 09:30 UTC, and writes presence when the test flushes it.
/// </summary>
public sealed class ActiveTimesTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock(b =>
    {
        b.Configuration["Insights:ActiveTimesMinimumFollowers"] = "2";
        b.Configuration["Auth:AccessTokenLifetime"] = "28.00:00:00"; // the tests' accounts act over three weeks of this clock
    });
    private PostsClient _posts = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _posts = new PostsClient(_app);
        var now = _app.Clock.GetUtcNow();
        var monday = now.Date.AddDays(7 - ((int)now.DayOfWeek + 6) % 7); // next Monday, 00:00 UTC
        _app.Clock.Advance(new DateTimeOffset(monday, TimeSpan.Zero).AddHours(9.5) - now);
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    /// <summary>Moves the clock on by <paramref name="by"/> and lets each account make a request there, then writes presence.</summary>
    private async Task ActiveAsync(TimeSpan by, params TestUser[] accounts)
    {
        _app.Clock.Advance(by);
        foreach (var account in accounts) (await _posts.GetAsync("/api/v1/users/me", account)).EnsureSuccessStatusCode();
        await _app.Services.GetRequiredService<PresenceWriter>().FlushAsync(CancellationToken.None);
    }

    private async Task<JsonElement> ActiveTimesAsync(TestUser owner, string query = "") =>
        await (await _posts.GetAsync($"/api/v1/users/me/insights/active-times{query}", owner)).ReadJsonAsync();

    private static int[] Day(JsonElement times, string day) => times.GetProperty("days").EnumerateArray()
        .Single(d => d.GetProperty("day").GetString() == day).GetProperty("hours").EnumerateArray().Select(h => h.GetInt32()).ToArray();

    private async Task<(TestUser Owner, TestUser[] Followers)> FollowedAsync(int followers)
    {
        var owner = await _posts.NewUserAsync();
        var fans = new TestUser[followers];
        for (var i = 0; i < followers; i++) await _posts.FollowAsync(fans[i] = await _posts.NewUserAsync(), owner);
        return (owner, fans);
    }

    [Fact]
    public async Task Followers_are_counted_in_the_hours_of_the_week_they_were_active_and_nobody_else_is()
    {
        var (owner, fans) = await FollowedAsync(3);
        var (a, b, hidden) = (fans[0], fans[1], fans[2]);
        var stranger = await _posts.NewUserAsync();
        (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/activity-status", hidden, new { visible = false })).EnsureSuccessStatusCode();

        await ActiveAsync(TimeSpan.Zero, a);                                     // Monday 09:30
        await ActiveAsync(TimeSpan.FromHours(1), a, b, hidden, stranger, owner); // Monday 10:30
        await ActiveAsync(TimeSpan.FromMinutes(10), a, b);                       // the same hour again counts once each

        var times = await ActiveTimesAsync(owner);
        Assert.True(times.GetProperty("available").GetBoolean());
        Assert.Equal(2, times.GetProperty("followersActive").GetInt32());
        var monday = Day(times, "monday");
        Assert.Equal(24, monday.Length);
        Assert.Equal((1, 2), (monday[9], monday[10]));
        Assert.Equal(3, monday.Sum());
        Assert.All(new[] { "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" }, d => Assert.Equal(0, Day(times, d).Sum()));

        var east = await ActiveTimesAsync(owner, "?utcOffset=2");
        Assert.Equal((1, 2), (Day(east, "monday")[11], Day(east, "monday")[12]));
        var west = await ActiveTimesAsync(owner, "?utcOffset=-10"); // 09:00 UTC on Monday is 23:00 on Sunday there
        Assert.Equal((1, 2), (Day(west, "sunday")[23], Day(west, "monday")[0]));
        Assert.Equal(-10, west.GetProperty("utcOffset").GetInt32());

        // The follower's own export says which hours were noted.
        var account = (await (await _posts.GetAsync("/api/v1/users/me/export", a)).ReadJsonAsync()).GetProperty("account");
        var hours = account.GetProperty("activeHours");
        Assert.Equal([9, 10], hours.GetProperty("hours").EnumerateArray().Select(h => h.GetInt32()));
        Assert.Empty(hours.GetProperty("previousWeekHours").EnumerateArray());
    }

    [Fact]
    public async Task Below_the_minimum_of_active_followers_no_hours_are_shown()
    {
        var (owner, fans) = await FollowedAsync(2);
        await ActiveAsync(TimeSpan.Zero, fans[0]);

        var times = await ActiveTimesAsync(owner);
        Assert.False(times.GetProperty("available").GetBoolean());
        Assert.Equal(2, times.GetProperty("minimumFollowers").GetInt32());
        Assert.False(times.TryGetProperty("days", out _));
        Assert.False(times.TryGetProperty("followersActive", out _));
    }

    [Fact]
    public async Task This_week_and_the_last_are_counted_and_older_weeks_drop_out()
    {
        var (owner, fans) = await FollowedAsync(2);
        var (a, b) = (fans[0], fans[1]);
        await ActiveAsync(TimeSpan.Zero, a, b);                              // week 1, Monday 09:30
        await ActiveAsync(TimeSpan.FromDays(8) - TimeSpan.FromHours(2), a); // week 2, Tuesday 07:30

        var times = await ActiveTimesAsync(owner);
        Assert.Equal(2, times.GetProperty("followersActive").GetInt32());
        Assert.Equal(2, Day(times, "monday")[9]);  // last week's
        Assert.Equal(1, Day(times, "tuesday")[7]); // this week's

        await ActiveAsync(TimeSpan.FromDays(8), b); // week 3, Wednesday 07:30: week 1 is out, a's week 2 is last week
        times = await ActiveTimesAsync(owner);
        Assert.Equal(0, Day(times, "monday")[9]);
        Assert.Equal(1, Day(times, "tuesday")[7]);
        Assert.Equal(1, Day(times, "wednesday")[7]);

        await ActiveAsync(TimeSpan.FromDays(7)); // week 4: a was last active two weeks ago, and is no longer counted
        times = await ActiveTimesAsync(owner);
        Assert.False(times.GetProperty("available").GetBoolean());
    }

    [Theory]
    [InlineData("?utcOffset=15")]
    [InlineData("?utcOffset=-13")]
    [InlineData("?utcOffset=1.5")]
    [InlineData("?utcOffset=east")]
    public async Task A_bad_offset_is_a_400_naming_it(string query)
    {
        var problem = await (await _posts.GetAsync($"/api/v1/users/me/insights/active-times{query}", await _posts.NewUserAsync()))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("utcOffset", out _));
    }

    /// <summary>
    /// Europe/Paris moves from +1 to +2 on Sunday 2027-03-28 01:00 UTC. Monday 10:30 in Paris is 09:30 UTC the week before and
    /// 08:30 UTC the week after: by zone both are Monday 10:00 local, each UTC hour at its own offset; one whole-hour offset
    /// puts one of them an hour off. A follower active at both counts once.
    /// </summary>
    [Fact]
    public async Task A_time_zone_puts_each_hour_at_its_own_offset_across_a_daylight_saving_change()
    {
        _app.Clock.Advance(new DateTimeOffset(2027, 3, 22, 9, 30, 0, TimeSpan.Zero) - _app.Clock.GetUtcNow()); // a Monday
        var (owner, fans) = await FollowedAsync(3);
        var (before, after, both) = (fans[0], fans[1], fans[2]);
        await ActiveAsync(TimeSpan.Zero, before, both);                        // Monday 09:30 UTC, 10:30 in Paris (+1)
        await ActiveAsync(TimeSpan.FromDays(7) - TimeSpan.FromHours(1), after, both); // Monday 08:30 UTC, 10:30 in Paris (+2)

        var paris = await ActiveTimesAsync(owner, "?timeZone=Europe/Paris");
        Assert.Equal("Europe/Paris", paris.GetProperty("timeZone").GetString());
        Assert.False(paris.TryGetProperty("utcOffset", out _));
        Assert.Equal(3, paris.GetProperty("followersActive").GetInt32());
        var monday = Day(paris, "monday");
        Assert.Equal(3, monday[10]);
        Assert.Equal(3, monday.Sum());

        // One offset for both weeks: right on one side of the change, an hour off on the other.
        var winter = Day(await ActiveTimesAsync(owner, "?utcOffset=1"), "monday");
        Assert.Equal((2, 2), (winter[9], winter[10]));
        var summer = Day(await ActiveTimesAsync(owner, "?utcOffset=2"), "monday");
        Assert.Equal((2, 2), (summer[10], summer[11]));
        Assert.False((await ActiveTimesAsync(owner, "?utcOffset=2")).TryGetProperty("timeZone", out _));

        // Zones west of UTC wrap the days as offsets do: Monday 08:30 UTC is Monday 04:30 in New York (-4 since March 14).
        var newYork = await ActiveTimesAsync(owner, "?timeZone=America/New_York");
        Assert.Equal((2, 2), (Day(newYork, "monday")[4], Day(newYork, "monday")[5]));
    }

    [Theory]
    [InlineData("?timeZone=Mars/Olympus_Mons")]
    [InlineData("?timeZone=Europe/")]
    [InlineData("?timeZone=Eastern%20Standard%20Time")] // a Windows name: not IANA
    [InlineData("?timeZone=%20Europe/Paris")]
    [InlineData("?timeZone=UTC%2B3")]
    [InlineData("?timeZone=")]
    [InlineData("?timeZone=Europe/Paris&timeZone=Europe/Rome")]
    [InlineData("?timeZone=Europe/Paris&utcOffset=1")]
    public async Task A_bad_time_zone_is_a_400_naming_it(string query)
    {
        var problem = await (await _posts.GetAsync($"/api/v1/users/me/insights/active-times{query}", await _posts.NewUserAsync()))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("timeZone", out _));
    }

    [Fact]
    public async Task A_guest_is_a_401() =>
        await (await _posts.GetAsync("/api/v1/users/me/insights/active-times", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
}
