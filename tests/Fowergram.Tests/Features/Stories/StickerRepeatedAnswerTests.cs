using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// The answers a one-time sticker (poll, slider, quiz) gives a viewer who answers again: the same answer is a 200 with the first
/// one as stored and its time, another is a 409 that names the earlier answer and the body's field.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StickerRepeatedAnswerTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private async Task<(JsonElement First, JsonElement Again, JsonElement Other)> AnswerThriceAsync(object sticker, string path,
        object answer, object sameAgain, object other)
    {
        var (owner, viewer) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(owner, fields: sticker);
        var url = $"/api/v1/stories/{id}/{path}";
        var first = await (await _client.SendAsync(HttpMethod.Post, url, viewer, answer)).ReadJsonAsync(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await (await _client.SendAsync(HttpMethod.Post, url, viewer, sameAgain)).ReadJsonAsync(HttpStatusCode.OK);
        var conflict = await (await _client.SendAsync(HttpMethod.Post, url, viewer, other)).AssertProblemAsync(HttpStatusCode.Conflict);
        return (first, again, conflict);
    }

    private static void AssertSameTime(JsonElement first, JsonElement again, string property) =>
        Assert.True(Math.Abs((again.GetProperty(property).GetDateTimeOffset() - first.GetProperty(property).GetDateTimeOffset()).Ticks) < 10,
            $"{property}: {first} then {again}");

    private static void AssertConflict(JsonElement problem, string detail, string field, string error)
    {
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Equal([error], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_repeated_vote_gives_back_the_first_and_another_is_refused()
    {
        var (first, again, other) = await AnswerThriceAsync(new { poll = new { question = "Tea or coffee?", option1 = "Tea", option2 = "Coffee" } },
            "poll/votes", new { option = 1 }, new { option = 1 }, new { option = 2 });
        Assert.Equal((first.GetProperty("pollId").GetGuid(), 1), (again.GetProperty("pollId").GetGuid(), again.GetProperty("option").GetInt32()));
        AssertSameTime(first, again, "votedAt");
        AssertConflict(other, "You already voted for option 1; a vote cannot be changed.", "option", "Already voted for the other option.");
    }

    [Fact]
    public async Task A_repeated_slide_gives_back_the_stored_value_and_another_is_refused()
    {
        var (first, again, other) = await AnswerThriceAsync(new { slider = new { question = "How spicy?", emoji = "\U0001F336\uFE0F" } },
            "slider/responses", new { value = 0.5 }, new { value = 0.5004 }, new { value = 0.25 });
        Assert.Equal("0.5", first.GetProperty("value").GetRawText());
        Assert.Equal(first.GetProperty("sliderId").GetGuid(), again.GetProperty("sliderId").GetGuid());
        Assert.Equal("0.500", again.GetProperty("value").GetRawText()); // as numeric(4,3) keeps it
        AssertSameTime(first, again, "respondedAt");
        AssertConflict(other, "You already responded with 0.500; a response cannot be changed.", "value", "Already responded with another value.");
    }

    [Fact]
    public async Task A_repeated_quiz_answer_is_told_right_or_wrong_again_and_another_is_refused()
    {
        var quiz = new { quiz = new { question = "Capital of Peru?", options = new[] { "Quito", "Lima" }, correctOption = 2 } };
        var (first, again, other) = await AnswerThriceAsync(quiz, "quiz/answers", new { option = 1 }, new { option = 1 }, new { option = 2 });
        Assert.Equal((first.GetProperty("quizId").GetGuid(), 1, false, 2), (again.GetProperty("quizId").GetGuid(),
            again.GetProperty("option").GetInt32(), again.GetProperty("isCorrect").GetBoolean(), again.GetProperty("correctOption").GetInt32()));
        AssertSameTime(first, again, "answeredAt");
        AssertConflict(other, "You already answered option 1; an answer cannot be changed.", "option", "Already answered another option.");
    }
}
