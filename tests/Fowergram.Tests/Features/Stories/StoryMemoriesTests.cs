using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>"On this day": the caller's own stories of the same calendar day in earlier years, in the caller's time zone.</summary>
[Collection(ApiCollection.Name)]
public sealed class StoryMemoriesTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    /// <summary>An account made long ago (its memories reach back to the year it was made).</summary>
    private async Task<Person> OldAccountAsync()
    {
        var who = await _client.NewUserAsync();
        await _client.ExecAsync("UPDATE users SET created_at = '2015-01-01T00:00:00Z' WHERE id = @id", new { id = who.Id });
        return who;
    }

    /// <summary>A story of <paramref name="author"/> posted at <paramref name="at"/> (UTC), expired a day later.</summary>
    private async Task<Guid> StoryAtAsync(Person author, string at)
    {
        var (id, _) = await _client.CreateStoryAsync(author);
        await _client.ExecAsync("UPDATE stories SET created_at = @at::timestamptz, expires_at = @at::timestamptz + interval '1 day' WHERE id = @id",
            new { id, at });
        return id;
    }

    private Task<JsonElement> MemoriesAsync(Person who, string query) =>
        _client.GetJsonAsync($"/api/v1/users/me/stories/memories?{query}", who);

    private static List<(int Year, int YearsAgo, List<Guid> Stories)> Years(JsonElement memories) =>
        memories.GetProperty("items").EnumerateArray().Select(y => (y.GetProperty("year").GetInt32(), y.GetProperty("yearsAgo").GetInt32(),
            y.GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList())).ToList();

    [Fact]
    public async Task The_same_day_of_earlier_years_comes_back_latest_year_first_without_deleted_or_others_stories()
    {
        var (me, other) = (await OldAccountAsync(), await OldAccountAsync());
        var morning = await StoryAtAsync(me, "2024-06-10T08:00:00Z");
        var evening = await StoryAtAsync(me, "2024-06-10T21:00:00Z");
        var older = await StoryAtAsync(me, "2021-06-10T12:00:00Z");
        await StoryAtAsync(me, "2024-06-11T12:00:00Z");
        await StoryAtAsync(me, "2026-06-10T07:00:00Z"); // the day itself is not a memory
        var deleted = await StoryAtAsync(me, "2023-06-10T12:00:00Z");
        await _client.ExecAsync("UPDATE stories SET deleted_at = now() WHERE id = @deleted", new { deleted });
        await StoryAtAsync(other, "2024-06-10T12:00:00Z");

        var memories = await MemoriesAsync(me, "date=2026-06-10");
        Assert.Equal("2026-06-10", memories.GetProperty("date").GetString());
        Assert.Equal([$"2024 2 {morning},{evening}", $"2021 5 {older}"],
            Years(memories).Select(y => $"{y.Year} {y.YearsAgo} {string.Join(",", y.Stories)}").ToList());
        Assert.Empty(Years(await MemoriesAsync(other, "date=2026-06-09")));
    }

    [Fact]
    public async Task Days_are_the_callers_local_days_and_leap_days_show_on_the_last_day_of_february()
    {
        var me = await OldAccountAsync();
        // 20:00 UTC on 10 June is already 11 June in Bangkok (UTC+7).
        var late = await StoryAtAsync(me, "2024-06-10T20:00:00Z");
        Assert.Equal([late], Years(await MemoriesAsync(me, "date=2026-06-11&tz=Asia/Bangkok")).Single().Stories);
        Assert.Empty(Years(await MemoriesAsync(me, "date=2026-06-10&tz=Asia/Bangkok")));
        Assert.Equal([late], Years(await MemoriesAsync(me, "date=2026-06-10")).Single().Stories);

        var leap = await StoryAtAsync(me, "2024-02-29T12:00:00Z");
        var twentyEighth = await StoryAtAsync(me, "2024-02-28T12:00:00Z");
        Assert.Equal([twentyEighth, leap], Years(await MemoriesAsync(me, "date=2025-02-28")).Single().Stories);
        Assert.Equal([twentyEighth], Years(await MemoriesAsync(me, "date=2028-02-28")).Single().Stories); // 2028 has its own 29th
        Assert.Equal([(2024, 4)], Years(await MemoriesAsync(me, "date=2028-02-29")).Select(y => (y.Year, y.YearsAgo)).ToList());
    }

    [Fact]
    public async Task Bad_days_and_zones_are_refused()
    {
        var me = await OldAccountAsync();
        await (await _client.GetAsync("/api/v1/users/me/stories/memories?date=2026-13-01", me)).AssertValidationErrorAsync("date");
        await (await _client.GetAsync("/api/v1/users/me/stories/memories?date=10/06/2026", me)).AssertValidationErrorAsync("date");
        await (await _client.GetAsync("/api/v1/users/me/stories/memories?tz=Mars/Olympus", me)).AssertValidationErrorAsync("tz");
        // A folder of the zone database, not a zone: the runtime refuses to read it with an exception of another kind.
        foreach (var folder in new[] { "Europe/", "America/", "Etc/" })
            await (await _client.GetAsync($"/api/v1/users/me/stories/memories?tz={Uri.EscapeDataString(folder)}", me)).AssertValidationErrorAsync("tz");
        // A Windows name (this host finds it too) and an overlong one: IANA names only, as everywhere a zone is taken.
        await (await _client.GetAsync("/api/v1/users/me/stories/memories?tz=Tokyo%20Standard%20Time", me)).AssertValidationErrorAsync("tz");
        await (await _client.GetAsync($"/api/v1/users/me/stories/memories?tz=Europe/{new string('a', 80)}", me)).AssertValidationErrorAsync("tz");
        await (await _client.GetAsync("/api/v1/users/me/stories/memories", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var today = await MemoriesAsync(me, "tz=Europe/Paris");
        Assert.Equal("Europe/Paris", today.GetProperty("timeZone").GetString());
    }
}
