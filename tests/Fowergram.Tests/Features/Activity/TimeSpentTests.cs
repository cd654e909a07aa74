using System.Net;
using System.Text.Json;
using Fowergram.Features.Insights;
using Fowergram.Platform.Presence;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fowergram.Tests.Features.Activity;

/// <summary>
/// Time spent and the daily limit (docs/accounts.md "Time spent"): the minutes a UTC day an account made requests in, each
/// minute counted once whichever host instance noted it, the window's days oldest first, the limit's choices and its cue.
/// The host has its own clock, set to 10:00:30 UTC of the next day, and writes presence when the test flushes it.
/// </summary>
public sealed class TimeSpentTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock(b => b.Configuration["Auth:AccessTokenLifetime"] = "3.00:00:00");
    private PostsClient _posts = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _posts = new PostsClient(_app);
        var now = _app.Clock.GetUtcNow();
        _app.Clock.Advance(new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero).AddHours(10).AddSeconds(30) - now);
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    private DateOnly Today => DateOnly.FromDateTime(_app.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Moves the clock on, lets the account make a request there, and writes presence.</summary>
    private async Task UseAsync(TestUser account, TimeSpan after)
    {
        _app.Clock.Advance(after);
        (await _posts.GetAsync("/api/v1/users/me", account)).EnsureSuccessStatusCode();
        await _app.Services.GetRequiredService<PresenceWriter>().FlushAsync(CancellationToken.None);
    }

    private async Task<JsonElement> TimeSpentAsync(TestUser account, string query = "") =>
        await (await _posts.GetAsync($"/api/v1/users/me/time-spent{query}", account)).ReadJsonAsync();

    private static List<(DateOnly Day, int Minutes)> Days(JsonElement spent) => spent.GetProperty("days").EnumerateArray()
        .Select(d => (DateOnly.Parse(d.GetProperty("day").GetString()!), d.GetProperty("minutes").GetInt32())).ToList();

    [Fact]
    public async Task Each_minute_with_requests_counts_once_per_utc_day_whichever_instance_noted_it()
    {
        var ada = await _posts.NewUserAsync();
        await UseAsync(ada, TimeSpan.Zero);                 // 10:00
        await UseAsync(ada, TimeSpan.FromSeconds(20));      // 10:00 again: the same minute
        await UseAsync(ada, TimeSpan.FromMinutes(1));       // 10:01
        // Another host instance notes the same minute on its own: it adds nothing.
        var elsewhere = new PresenceMarks(_app.Clock);
        elsewhere.Seen(ada.Id);
        await new PresenceWriter(_app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), elsewhere, NullLogger<PresenceWriter>.Instance)
            .FlushAsync(CancellationToken.None);
        await UseAsync(ada, TimeSpan.FromMinutes(5));       // 10:06

        var spent = await TimeSpentAsync(ada);
        var days = Days(spent);
        Assert.Equal(7, days.Count);                        // the default window, today included, oldest first
        Assert.Equal((Today, 3), days[^1]);
        Assert.All(days[..^1], d => Assert.Equal(0, d.Minutes));
        Assert.Equal(Today.AddDays(-6), days[0].Day);
        Assert.Equal(0, spent.GetProperty("dailyAverage").GetInt32()); // 3 minutes over 7 days rounds to 0
        Assert.Equal(3, spent.GetProperty("today").GetProperty("minutes").GetInt32());

        await UseAsync(ada, TimeSpan.FromDays(1));          // the next UTC day starts a new count
        days = Days(await TimeSpentAsync(ada, "?days=2"));
        Assert.Equal([(Today.AddDays(-1), 3), (Today, 1)], days);

        var exported = (await (await _posts.GetAsync("/api/v1/users/me/export", ada)).ReadJsonAsync()).GetProperty("timeSpent");
        Assert.Equal([3, 1], exported.EnumerateArray().Select(d => d.GetProperty("minutes").GetInt32()));
    }

    [Fact]
    public async Task The_daily_limit_is_one_of_instagrams_choices_and_today_says_when_it_is_reached()
    {
        var bo = await _posts.NewUserAsync();
        Assert.False((await (await _posts.GetAsync("/api/v1/users/me/daily-limit", bo)).ReadJsonAsync()).TryGetProperty("minutes", out _));
        var set = await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/daily-limit", bo, new { minutes = 15 })).ReadJsonAsync();
        Assert.Equal(15, set.GetProperty("minutes").GetInt32());

        for (var i = 0; i < 14; i++) await UseAsync(bo, TimeSpan.FromMinutes(1));
        var today = (await TimeSpentAsync(bo)).GetProperty("today");
        Assert.Equal((14, 15, false), (today.GetProperty("minutes").GetInt32(), today.GetProperty("limit").GetInt32(),
            today.GetProperty("limitReached").GetBoolean()));
        await UseAsync(bo, TimeSpan.FromMinutes(1));
        Assert.True((await TimeSpentAsync(bo)).GetProperty("today").GetProperty("limitReached").GetBoolean());

        var off = await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/daily-limit", bo, new { minutes = (int?)null })).ReadJsonAsync();
        Assert.False(off.TryGetProperty("minutes", out _));
        Assert.False((await TimeSpentAsync(bo)).GetProperty("today").GetProperty("limitReached").GetBoolean());
        var account = (await (await _posts.GetAsync("/api/v1/users/me/export", bo)).ReadJsonAsync()).GetProperty("account");
        Assert.Equal(JsonValueKind.Null, account.GetProperty("dailyLimitMinutes").ValueKind);
    }

    [Fact]
    public async Task Retention_forgets_days_past_the_longest_window()
    {
        // The days are written in the past and the job runs at this host's now: the job sweeps every account, and run 90
        // days ahead on the database the other test classes share it took their visits, losses, reach and impressions too.
        var cy = await _posts.NewUserAsync();
        foreach (var daysAgo in new[] { 89, 90 })
            await _posts.ExecuteAsync("INSERT INTO account_time_spent (user_id, day, minutes, last_minute) VALUES (@id, @day, 1, @minute)",
                new { id = cy.Id, day = Today.AddDays(-daysAgo), minute = Today.AddDays(-daysAgo).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) });
        await _app.Services.GetServices<Fowergram.Platform.Jobs.IScheduledJob>().Single(j => j.Name == InsightsRetentionJob.JobName)
            .RunAsync(_app.Clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal([Today.AddDays(-89)], await _posts.QueryAsync<DateOnly>("SELECT day FROM account_time_spent WHERE user_id = @Id", cy));
    }

    [Theory]
    [InlineData("PUT", "/api/v1/users/me/daily-limit", """{"minutes":20}""")]
    [InlineData("PUT", "/api/v1/users/me/daily-limit", """{"minutes":-15}""")]
    [InlineData("PUT", "/api/v1/users/me/daily-limit", "[]")]
    [InlineData("GET", "/api/v1/users/me/time-spent?days=0", null)]
    [InlineData("GET", "/api/v1/users/me/time-spent?days=91", null)]
    public async Task Bad_input_is_a_400_and_changes_nothing(string method, string path, string? body)
    {
        var dee = await _posts.NewUserAsync();
        var response = body is null ? await _posts.GetAsync(path, dee) : await _posts.SendRawAsync(new HttpMethod(method), path, dee, body);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Null(await _posts.ScalarAsync<short?>("SELECT daily_limit_minutes FROM users WHERE id = @Id", dee));
    }

    [Fact]
    public async Task A_guest_is_a_401() =>
        await (await _posts.GetAsync("/api/v1/users/me/time-spent", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
}
