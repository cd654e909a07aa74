using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Export;

/// <summary>The export carries the stickers an account put on its stories and its answers to other stories' stickers.</summary>
[Collection(ApiCollection.Name)]
public sealed class StoryExportTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    [Fact]
    public async Task Own_stickers_as_written_and_answers_to_stories_still_there_are_exported()
    {
        var (me, friend) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (mine, _) = await _client.CreateStoryAsync(me, fields: new
        {
            poll = new { question = "Tea?", option1 = "Yes", option2 = "No" },
            question = new { text = "Ask me anything" },
            slider = new { question = "How sunny?", emoji = "☀️" },
            quiz = new { question = "Which is blue?", options = new[] { "Sky", "Grass" }, correctOption = 1 },
        });
        var (theirs, _) = await _client.CreateStoryAsync(friend, fields: new
        {
            poll = new { question = "Cats?", option1 = "Yes", option2 = "No" },
            question = new { text = "Favourite song?" },
            slider = new { question = "How hungry?", emoji = "🍕" },
            quiz = new { question = "2 + 2?", options = new[] { "3", "4", "5" }, correctOption = 2 },
        });
        var (gone, _) = await _client.CreateStoryAsync(friend, fields: new { question = new { text = "Soon deleted" } });
        await Expect(HttpMethod.Post, $"/api/v1/stories/{theirs}/poll/votes", me, new { option = 1 }, HttpStatusCode.Created);
        await Expect(HttpMethod.Post, $"/api/v1/stories/{theirs}/question/responses", me, new { text = "Bohemian Rhapsody" }, HttpStatusCode.Created);
        await Expect(HttpMethod.Post, $"/api/v1/stories/{theirs}/slider/responses", me, new { value = 0.9 }, HttpStatusCode.Created);
        await Expect(HttpMethod.Post, $"/api/v1/stories/{theirs}/quiz/answers", me, new { option = 3 }, HttpStatusCode.Created);
        await Expect(HttpMethod.Post, $"/api/v1/stories/{gone}/question/responses", me, new { text = "Lost with the story" }, HttpStatusCode.Created);
        await Expect(HttpMethod.Delete, $"/api/v1/stories/{gone}", friend, null, HttpStatusCode.NoContent);

        var export = await _client.GetJsonAsync("/api/v1/users/me/export", me);

        var story = export.GetProperty("stories").EnumerateArray().Single();
        Assert.Equal(mine, story.GetProperty("id").GetGuid());
        Assert.Equal("Tea?", story.GetProperty("poll").GetProperty("question").GetString());
        Assert.Equal("Ask me anything", story.GetProperty("question").GetString());
        Assert.Equal("☀️", story.GetProperty("slider").GetProperty("emoji").GetString());
        Assert.Equal((1, 2), (story.GetProperty("quiz").GetProperty("correctOption").GetInt32(), story.GetProperty("quiz").GetProperty("options").GetArrayLength()));
        var interactions = export.GetProperty("storyInteractions").EnumerateArray().ToList();
        Assert.All(interactions, i => Assert.Equal(theirs, i.GetProperty("storyId").GetGuid()));
        Assert.Equal(["poll_vote", "question_response", "quiz_answer", "slider_response"], interactions.Select(i => i.GetProperty("kind").GetString()).Order());
        Assert.Equal("Bohemian Rhapsody", Kind(interactions, "question_response").GetProperty("text").GetString());
        Assert.Equal(0.9m, Kind(interactions, "slider_response").GetProperty("value").GetDecimal());
        Assert.Equal(3, Kind(interactions, "quiz_answer").GetProperty("option").GetInt32());
        Assert.Empty((await _client.GetJsonAsync("/api/v1/users/me/export", friend)).GetProperty("storyInteractions").EnumerateArray());
    }

    /// <summary>
    /// Until 2026-12-06 the export left out the account's reactions to stories and the countdowns it asked to be reminded of,
    /// though both are story interactions it made (and the countdown's reminder is a sticker tap like a poll vote).
    /// </summary>
    [Fact]
    public async Task Reactions_and_countdown_reminders_on_stories_still_there_are_exported_as_story_interactions()
    {
        var (me, friend) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (theirs, _) = await _client.CreateStoryAsync(friend,
            fields: new { countdown = new { title = "Launch day", endsAt = app.Clock.GetUtcNow().AddDays(3) } });
        var (gone, _) = await _client.CreateStoryAsync(friend,
            fields: new { countdown = new { title = "Soon deleted", endsAt = app.Clock.GetUtcNow().AddDays(3) } });
        await Expect(HttpMethod.Put, $"/api/v1/stories/{theirs}/reaction", me, new { type = "like" }, HttpStatusCode.OK);
        await Expect(HttpMethod.Put, $"/api/v1/stories/{theirs}/reaction", me, new { type = "fire" }, HttpStatusCode.OK);
        await Expect(HttpMethod.Put, $"/api/v1/stories/{theirs}/countdown/reminder", me, null, HttpStatusCode.NoContent);
        await Expect(HttpMethod.Put, $"/api/v1/stories/{gone}/reaction", me, new { type = "wow" }, HttpStatusCode.OK);
        await Expect(HttpMethod.Put, $"/api/v1/stories/{gone}/countdown/reminder", me, null, HttpStatusCode.NoContent);
        await Expect(HttpMethod.Delete, $"/api/v1/stories/{gone}", friend, null, HttpStatusCode.NoContent);

        var interactions = (await _client.GetJsonAsync("/api/v1/users/me/export", me)).GetProperty("storyInteractions").EnumerateArray().ToList();
        Assert.All(interactions, i => Assert.Equal(theirs, i.GetProperty("storyId").GetGuid()));
        Assert.Equal(["countdown_reminder", "reaction"], interactions.Select(i => i.GetProperty("kind").GetString()).Order());
        Assert.Equal("fire", Kind(interactions, "reaction").GetProperty("type").GetString());
        Assert.Equal("Launch day", Kind(interactions, "countdown_reminder").GetProperty("title").GetString());
        Assert.All(interactions, i => Assert.True(i.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UnixEpoch));
        Assert.Empty((await _client.GetJsonAsync("/api/v1/users/me/export", friend)).GetProperty("storyInteractions").EnumerateArray());
    }

    /// <summary>
    /// A countdown's title is its author's words, shown to the story's audience: the inbox drops a countdown notice once its
    /// reader leaves that audience (CountdownNoticeAudienceTests). Until 2026-12-07 the export still handed a reminder's title to
    /// an account dropped from the close friends it was posted to; the reminder, the account's own tap, stays (with its story).
    /// </summary>
    [Fact]
    public async Task A_countdown_reminder_carries_its_title_only_while_the_account_is_in_the_storys_audience()
    {
        var (me, friend) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(me, friend);
        await _client.CloseFriendAsync(friend, me);
        var (closeOnes, _) = await _client.CreateStoryAsync(friend, "close_friends",
            fields: new { countdown = new { title = "Surprise party", endsAt = app.Clock.GetUtcNow().AddDays(3) } });
        var (everyones, _) = await _client.CreateStoryAsync(friend,
            fields: new { countdown = new { title = "Launch day", endsAt = app.Clock.GetUtcNow().AddDays(3) } });
        await Expect(HttpMethod.Put, $"/api/v1/stories/{closeOnes}/countdown/reminder", me, null, HttpStatusCode.NoContent);
        await Expect(HttpMethod.Put, $"/api/v1/stories/{everyones}/countdown/reminder", me, null, HttpStatusCode.NoContent);
        await _client.ExecAsync("DELETE FROM close_friends WHERE user_id = @owner AND friend_id = @friend", new { owner = friend.Id, friend = me.Id });

        var reminders = (await _client.GetJsonAsync("/api/v1/users/me/export", me)).GetProperty("storyInteractions").EnumerateArray()
            .Where(i => i.GetProperty("kind").GetString() == "countdown_reminder").ToDictionary(i => i.GetProperty("storyId").GetGuid());

        Assert.Equal(JsonValueKind.Null, reminders[closeOnes].GetProperty("title").ValueKind);
        Assert.Equal("Launch day", reminders[everyones].GetProperty("title").GetString());
        var own = (await _client.GetJsonAsync("/api/v1/users/me/export", friend)).GetProperty("stories").EnumerateArray()
            .Single(s => s.GetProperty("id").GetGuid() == closeOnes);
        Assert.Equal("Surprise party", own.GetProperty("countdown").GetProperty("title").GetString());
    }

    private static JsonElement Kind(List<JsonElement> items, string kind) => items.Single(i => i.GetProperty("kind").GetString() == kind);

    private async Task Expect(HttpMethod method, string path, Person who, object? body, HttpStatusCode status)
    {
        var response = await _client.SendAsync(method, path, who, body);
        Assert.True(response.StatusCode == status, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
