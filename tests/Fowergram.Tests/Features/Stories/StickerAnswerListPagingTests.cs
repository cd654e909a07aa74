using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>The owner's lists of who answered a sticker (question, slider, quiz) page by cursor: one at a time gives the whole list, in order.</summary>
[Collection(ApiCollection.Name)]
public sealed class StickerAnswerListPagingTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private async Task AssertPagesCoverTheListAsync(object sticker, string answerPath, object answer, string listPath, string key)
    {
        var owner = await _client.NewUserAsync();
        var (id, _) = await _client.CreateStoryAsync(owner, fields: sticker);
        for (var i = 0; i < 3; i++)
        {
            await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/{answerPath}", await _client.NewUserAsync(), answer))
                .ReadJsonAsync(HttpStatusCode.Created);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var url = $"/api/v1/stories/{id}/{listPath}";
        var whole = (await _client.GetJsonAsync(url, owner)).GetProperty("items").EnumerateArray().Select(r => r.GetProperty(key).ToString()).ToList();
        Assert.Equal(3, whole.Count);

        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _client.GetJsonAsync(cursor is null ? $"{url}?limit=1" : $"{url}?limit=1&cursor={cursor}", owner);
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty(key).ToString()));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        } while (cursor is not null && paged.Count < 10);
        Assert.Equal(whole, paged);
    }

    [Fact]
    public Task Question_responses_page_one_at_a_time() =>
        AssertPagesCoverTheListAsync(new { question = new { text = "Ask me anything" } }, "question/responses", new { text = "Hi" },
            "question/responses", "id");

    [Fact]
    public Task Slider_responses_page_one_at_a_time() =>
        AssertPagesCoverTheListAsync(new { slider = new { question = "How spicy?", emoji = "\U0001F336\uFE0F" } }, "slider/responses",
            new { value = 0.5 }, "slider/responses", "user");

    [Fact]
    public Task Quiz_answers_page_one_at_a_time() =>
        AssertPagesCoverTheListAsync(new { quiz = new { question = "Capital of Peru?", options = new[] { "Quito", "Lima" }, correctOption = 2 } },
            "quiz/answers", new { option = 2 }, "quiz/answers", "user");
}
