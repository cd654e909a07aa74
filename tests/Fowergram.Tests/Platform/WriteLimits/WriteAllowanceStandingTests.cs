using System.Net;
using System.Text.Json;
using Fowergram.Platform.Content;
using Fowergram.Platform.WriteLimits;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using static Fowergram.Tests.Platform.WriteLimits.WriteAllowanceHost;

namespace Fowergram.Tests.Platform.WriteLimits;

/// <summary>
/// GET /api/v1/users/me/write-allowances: each kind's allowance, what the current hour and day used and when each ends, so a
/// client sees what is left before a 429 tells it. Own clock (the windows are moved across). A gone account's 401 is
/// GoneAccountOwnReadTests', the anonymous 401 RouteAuthenticationTests'.
/// </summary>
public sealed class WriteAllowanceStandingTests : IAsyncLifetime
{
    private readonly FowergramApp _app = Create();
    private PostsClient _posts = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _posts = new PostsClient(_app);
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    private async Task<Dictionary<string, JsonElement>> StandingAsync(TestUser user) =>
        (await (await _posts.GetAsync("/api/v1/users/me/write-allowances", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("kind").GetString()!);

    private static void AssertWindow(JsonElement item, int usedThisHour, DateTimeOffset? hourEndsAt, int usedToday, DateTimeOffset? dayEndsAt)
    {
        Assert.Equal((PerHour, PerDay), (item.GetProperty("perHour").GetInt32(), item.GetProperty("perDay").GetInt32()));
        Assert.Equal((usedThisHour, usedToday), (item.GetProperty("usedThisHour").GetInt32(), item.GetProperty("usedToday").GetInt32()));
        Assert.Equal(hourEndsAt, EndOf(item, "hourEndsAt"));
        Assert.Equal(dayEndsAt, EndOf(item, "dayEndsAt"));
    }

    private static DateTimeOffset? EndOf(JsonElement item, string name) =>
        item.TryGetProperty(name, out var end) && end.ValueKind != JsonValueKind.Null ? end.GetDateTimeOffset() : null;

    [Fact]
    public async Task Each_kind_answers_its_allowance_what_the_hour_and_day_used_and_when_they_end()
    {
        var (author, commenter) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        var start = Timestamps.Now(_app.Clock);
        await CommentAsync(_posts, commenter, "posts", post);
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await CommentAsync(_posts, commenter, "posts", post);

        var standing = await StandingAsync(commenter);

        Assert.Equal(Enum.GetValues<WriteKind>().Length, standing.Count);
        AssertWindow(standing["comment"], 2, start.AddHours(1), 2, start.AddDays(1));
        AssertWindow(standing["follow"], 0, null, 0, null);
        AssertWindow(standing["storyAnswer"], 0, null, 0, null);
        // Another account's writes are not the caller's: the author used one post and no comment.
        AssertWindow((await StandingAsync(author))["post"], 1, start.AddHours(1), 1, start.AddDays(1));
        AssertWindow((await StandingAsync(author))["comment"], 0, null, 0, null);

        // The hour ends: nothing used in a new hour (it starts with the next write); the day still holds both.
        _app.Clock.Advance(TimeSpan.FromMinutes(50));
        AssertWindow((await StandingAsync(commenter))["comment"], 0, null, 2, start.AddDays(1));
        await CommentAsync(_posts, commenter, "posts", post);
        AssertWindow((await StandingAsync(commenter))["comment"], 1, Timestamps.Now(_app.Clock).AddHours(1), 3, start.AddDays(1));
    }

    [Fact]
    public async Task A_spent_allowance_reads_as_used_up_and_a_refused_write_adds_nothing()
    {
        var (author, commenter) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        var start = Timestamps.Now(_app.Clock);
        for (var i = 0; i < PerHour; i++) await CommentAsync(_posts, commenter, "posts", post);
        await AssertSpentAsync(await CommentAsync(_posts, commenter, "posts", post), "comment");

        AssertWindow((await StandingAsync(commenter))["comment"], PerHour, start.AddHours(1), PerHour, start.AddDays(1));
        Assert.Equal(HttpStatusCode.OK, (await _posts.GetAsync("/api/v1/users/me/write-allowances", commenter)).StatusCode);
    }
}
