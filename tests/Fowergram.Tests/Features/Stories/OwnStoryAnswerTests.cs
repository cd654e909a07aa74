using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// A story's owner answers none of its stickers (docs/stories.md "Stickers", "Answering one's own story"): no vote in their own
/// poll, no slide, no quiz answer, no question response, no quick reaction — each a 400 naming <c>id</c> that writes nothing and
/// announces nothing, as Instagram shows its author results and activity instead. Before 2026-12-07 each was taken: the author's
/// vote counted in their own results and reached their own activity.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OwnStoryAnswerTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private Task<long> EventsAboutAsync(Guid story) =>
        _client.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE payload->>'storyId' = @story", new { story = story.ToString() });

    public static TheoryData<string, string, string, string> Stickers => new()
    {
        { """{"poll":{"question":"Tea or coffee?","option1":"Tea","option2":"Coffee"}}""", "poll/votes", """{"option":1}""", "story_poll_votes" },
        { """{"slider":{"question":"How spicy?","emoji":"🔥"}}""", "slider/responses", """{"value":0.5}""", "story_slider_responses" },
        { """{"quiz":{"question":"Capital of Peru?","options":["Quito","Lima"],"correctOption":2}}""", "quiz/answers", """{"option":2}""",
            "story_quiz_answers" },
        { """{"question":{"text":"Ask me anything"}}""", "question/responses", """{"text":"Hi me"}""", "story_question_responses" },
    };

    [Theory]
    [MemberData(nameof(Stickers))]
    public async Task The_owner_cannot_answer_a_sticker_of_their_own_story_and_nothing_is_written(string sticker, string route, string answer, string table)
    {
        var (owner, viewer) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (story, _) = await _client.CreateStoryAsync(owner, fields: System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(sticker));
        var body = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(answer);
        var events = await EventsAboutAsync(story);

        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/{route}", owner, body)).AssertValidationErrorAsync("id");
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/{route}", owner, body)).AssertValidationErrorAsync("id"); // and again

        Assert.Equal(0L, await _client.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE user_id = @id", new { id = owner.Id }));
        Assert.Equal(events, await EventsAboutAsync(story)); // nothing announced
        // Anyone else still answers.
        Assert.True((await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/{route}", viewer, body)).StatusCode == HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_owner_cannot_react_to_their_own_story()
    {
        var (owner, viewer) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (story, created) = await _client.CreateStoryAsync(owner);
        Assert.False(created.GetProperty("canReact").GetBoolean());

        await (await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{story}/reaction", owner, new { type = "fire" }))
            .AssertValidationErrorAsync("id");

        Assert.Equal(0L, await _client.ScalarAsync<long>("SELECT count(*) FROM story_reactions WHERE story_id = @story", new { story }));
        (await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{story}/reaction", viewer, new { type = "fire" })).EnsureSuccessStatusCode();
    }
}
