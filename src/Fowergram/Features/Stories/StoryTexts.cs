using Fowergram.Platform.Content;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// A new story's words — alt text and every sticker's question, options, title, prompt and link text — composed (Unicode NFC)
/// before they are checked and stored, in one round trip (none when all are ASCII): docs/api.md "Composed text".
/// </summary>
internal static class StoryTexts
{
    public static async Task<CreateStoryRequest> ComposedAsync(NpgsqlDataSource db, CreateStoryRequest r, CancellationToken ct)
    {
        var options = r.Quiz?.Options ?? [];
        var fields = new List<(string? Text, int Max)>
        {
            (r.AltText, StoryRules.AltTextMax), (r.Poll?.Question, StoryRules.PollQuestionMax), (r.Poll?.Option1, StoryRules.PollOptionMax),
            (r.Poll?.Option2, StoryRules.PollOptionMax), (r.Question?.Text, StoryRules.QuestionMax), (r.Link?.Text, StoryRules.LinkTextMax),
            (r.Slider?.Question, StoryRules.SliderQuestionMax), (r.Countdown?.Title, StoryRules.CountdownTitleMax),
            (r.AddYours?.Prompt, StoryRules.AddYoursPromptMax), (r.Quiz?.Question, StoryRules.QuizQuestionMax),
        };
        fields.AddRange(options.Select(o => (o, StoryRules.QuizOptionMax)));
        var c = await ComposedText.WrittenAsync(db, fields, ct);
        return r with
        {
            AltText = c[0],
            Poll = r.Poll is null ? null : r.Poll with { Question = c[1], Option1 = c[2], Option2 = c[3] },
            Question = r.Question is null ? null : r.Question with { Text = c[4] },
            Link = r.Link is null ? null : r.Link with { Text = c[5] },
            Slider = r.Slider is null ? null : r.Slider with { Question = c[6] },
            Countdown = r.Countdown is null ? null : r.Countdown with { Title = c[7] },
            AddYours = r.AddYours is null ? null : r.AddYours with { Prompt = c[8] },
            Quiz = r.Quiz is null ? null : r.Quiz with { Question = c[9], Options = r.Quiz.Options is null ? null : c[10..] },
        };
    }
}
