using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>The quiz sticker (migration 0130): one final answer per viewer, right or wrong at once, the counts to the owner and to those who answered.</summary>
[Collection(ApiCollection.Name)]
public sealed class StoryQuizTests(FowergramApp app)
{
    private static readonly object Quiz = new { quiz = new { question = "Capital of Peru?", options = new[] { "Quito", " Lima ", "Bogotá" }, correctOption = 2 } };
    private readonly StoryClient _client = new(app);

    private Task<HttpResponseMessage> AnswerAsync(Guid id, Person who, object body) =>
        _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/quiz/answers", who, body);

    private static List<long> Counts(System.Text.Json.JsonElement quiz) =>
        quiz.GetProperty("results").GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()).ToList();

    [Fact]
    public async Task An_answer_is_told_right_or_wrong_and_the_counts_go_to_the_owner_and_to_those_who_answered()
    {
        var owner = await _client.NewUserAsync();
        var (right, wrong, onlooker) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, created) = await _client.CreateStoryAsync(owner, fields: Quiz);
        var sticker = created.GetProperty("quiz");
        Assert.Equal(["Quito", "Lima", "Bogotá"], sticker.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.False(sticker.TryGetProperty("correctOption", out _)); // the story never gives the answer away

        var good = await (await AnswerAsync(id, right, new { option = 2 })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.True(good.GetProperty("isCorrect").GetBoolean());
        var bad = await (await AnswerAsync(id, wrong, new { option = 3 })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal((false, 2), (bad.GetProperty("isCorrect").GetBoolean(), bad.GetProperty("correctOption").GetInt32()));
        await _client.SettleAsync(id);

        var mine = await _client.GetJsonAsync($"/api/v1/stories/{id}/quiz", wrong);
        Assert.Equal((3, 2), (mine.GetProperty("myAnswer").GetInt32(), mine.GetProperty("correctOption").GetInt32()));
        Assert.Equal([0L, 1L, 1L], Counts(mine));
        Assert.Equal(2L, (await _client.GetJsonAsync($"/api/v1/stories/{id}/quiz", owner)).GetProperty("results").GetProperty("total").GetInt64());
        var theirs = await _client.GetJsonAsync($"/api/v1/stories/{id}/quiz", onlooker);
        Assert.Equal("Capital of Peru?", theirs.GetProperty("question").GetString());
        foreach (var hidden in new[] { "results", "correctOption", "myAnswer" }) Assert.False(theirs.TryGetProperty(hidden, out _), hidden);

        var answers = (await _client.GetJsonAsync($"/api/v1/stories/{id}/quiz/answers", owner)).GetProperty("items").EnumerateArray()
            .Select(a => (a.GetProperty("user").GetProperty("id").GetGuid(), a.GetProperty("option").GetInt32(), a.GetProperty("isCorrect").GetBoolean()))
            .OrderBy(a => a.Item2).ToList();
        Assert.Equal([(right.Id, 2, true), (wrong.Id, 3, false)], answers);
        await (await _client.GetAsync($"/api/v1/stories/{id}/quiz/answers", right)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_answer_is_final_and_twenty_at_once_by_one_viewer_make_one()
    {
        var owner = await _client.NewUserAsync();
        var (viewer, eager) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Quiz);
        await (await AnswerAsync(id, viewer, new { option = 1 })).ReadJsonAsync(HttpStatusCode.Created);

        await (await AnswerAsync(id, viewer, new { option = 1 })).ReadJsonAsync(HttpStatusCode.OK);
        await (await AnswerAsync(id, viewer, new { option = 2 })).AssertProblemAsync(HttpStatusCode.Conflict);

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => AnswerAsync(id, eager, new { option = 2 })));
        Assert.Single(all, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(all, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        await _client.SettleAsync(id);
        Assert.Equal([1L, 1L, 0L], Counts(await _client.GetJsonAsync($"/api/v1/stories/{id}/quiz", owner)));
    }

    [Fact]
    public async Task Only_viewers_of_the_live_story_may_answer_an_option_it_has()
    {
        var owner = await _client.NewUserAsync(isPrivate: true);
        var (stranger, follower) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(follower, owner);
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Quiz);
        var (plain, _) = await _client.CreateStoryAsync(owner);

        await (await AnswerAsync(id, stranger, new { option = 2 })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/stories/{id}/quiz", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await AnswerAsync(plain, follower, new { option = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await AnswerAsync(id, follower, new { option = 4 })).AssertValidationErrorAsync("option"); // three options only
        foreach (var bad in new object[] { new { option = 0 }, new { option = 5 }, new { } })
            await (await AnswerAsync(id, follower, bad)).AssertValidationErrorAsync("option");
        Assert.Equal(0L, await _client.ScalarAsync<long>(
            "SELECT count(*) FROM story_quiz_answers a JOIN story_quizzes q ON q.id = a.quiz_id WHERE q.story_id = @id", new { id }));
    }

    [Theory]
    [InlineData("""{"options":["A","B"],"correctOption":1}""", "quiz.question")]
    [InlineData("""{"question":"Q?","options":["A"],"correctOption":1}""", "quiz.options")]
    [InlineData("""{"question":"Q?","options":["A","B","C","D","E"],"correctOption":1}""", "quiz.options")]
    [InlineData("""{"question":"Q?","options":["A","a"],"correctOption":1}""", "quiz.options[1]")]
    [InlineData("""{"question":"Q?","options":["A",""],"correctOption":1}""", "quiz.options[1]")]
    [InlineData("""{"question":"Q?","options":["A","B"]}""", "quiz.correctOption")]
    [InlineData("""{"question":"Q?","options":["A","B"],"correctOption":3}""", "quiz.correctOption")]
    public async Task A_quiz_without_a_question_two_to_four_distinct_options_or_a_right_one_is_refused(string quiz, string field)
    {
        var owner = await _client.NewUserAsync();
        var upload = await _client.UploadAsync(owner);
        var response = await _client.App.Client.SendRawAsync(HttpMethod.Post, "/api/v1/stories",
            $$"""{"uploadId":"{{upload}}","quiz":{{quiz}}}""", token: _client.TokenOf(owner));
        await response.AssertValidationErrorAsync(field);
        Assert.Equal(0L, await _client.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = @id", new { id = owner.Id }));
    }
}
