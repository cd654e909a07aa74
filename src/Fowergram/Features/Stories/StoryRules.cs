using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Fowergram.Features.Music;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Features.Stories;

internal sealed record ValidPoll(string Question, string Option1, string Option2);

internal sealed record ValidSlider(string Question, string Emoji);

internal sealed record ValidCountdown(string Title, DateTimeOffset EndsAt);

/// <summary>Exactly one of the two: a new chain's prompt, or the story whose chain to join.</summary>
internal sealed record ValidAddYours(string? Prompt, Guid? StoryId);

/// <summary><paramref name="Options"/>: two to four, in order; <paramref name="CorrectOption"/> 1-based.</summary>
internal sealed record ValidQuiz(string Question, IReadOnlyList<string> Options, int CorrectOption)
{
    public string? Option(int number) => number <= Options.Count ? Options[number - 1] : null;
}

internal sealed record ValidStory(Guid UploadId, string Audience, Guid? MusicTrackId, int? MusicStartSeconds, string? AltText,
    ValidPoll? Poll, string? Question, IReadOnlyList<string> Mentions, Guid? ProductId, StoryLinkSticker? Link, ValidSlider? Slider,
    ValidQuiz? Quiz, ValidCountdown? Countdown, ValidAddYours? AddYours, Guid? SharedPostId, Guid? SharedReelId,
    Guid? SharedStoryId);

/// <summary>Field rules of a new story (limits follow the columns of 0004/0005 and Instagram's stickers).</summary>
internal static partial class StoryRules
{
    public static readonly string[] Audiences = ["public", "followers", "close_friends"];
    public static readonly string[] ReactionTypes = ["like", "fire", "clap", "wow", "cry", "angry"];
    public const string DefaultAudience = "public";
    public const int AltTextMax = 1000;
    public const int PollQuestionMax = 200;
    public const int PollOptionMax = 50;
    public const int QuestionMax = 200;
    public const int ResponseMax = 500;
    public const int MentionsMax = 20;
    public const int LinkTextMax = 50;
    public const int SliderQuestionMax = 200;
    public const int QuizQuestionMax = 200;
    public const int CountdownTitleMax = 60;
    public const int AddYoursPromptMax = 100;
    public static readonly TimeSpan CountdownHorizon = TimeSpan.FromDays(365);
    public const int QuizOptionMax = 50;
    public const int QuizOptionsMin = 2;
    public const int QuizOptionsMax = 4;

    /// <summary>A story's video plays at most a minute (Instagram's clip length); the claim measures it (docs/media.md, "Measured").</summary>
    public const int VideoSecondsMax = 60;

    public static bool TryValidate(CreateStoryRequest request, DateTimeOffset now, [NotNullWhen(true)] out ValidStory? story,
        [NotNullWhen(false)] out IResult? problem)
    {
        var errors = new Validation();
        if (request.UploadId is null || request.UploadId == Guid.Empty) errors.Add("uploadId", "This field is required.");
        var audience = request.Audience?.Trim().ToLowerInvariant() ?? DefaultAudience;
        errors.OneOf("audience", audience, Audiences);
        MusicClips.Check(request.MusicTrackId, request.MusicStartSeconds, errors);
        var altText = Optional(request.AltText);
        errors.Visible("altText", request.AltText).MaxLength("altText", altText, AltTextMax).Storable("altText", altText);
        var poll = request.Poll is null ? null : Poll(request.Poll, errors);
        string? question = null;
        if (request.Question is not null)
        {
            question = Optional(request.Question.Text);
            errors.Required("question.text", question).MaxLength("question.text", question, QuestionMax).Storable("question.text", question);
        }
        var mentions = Mentions(request.Mentions, errors);
        if (request.ProductId == Guid.Empty) errors.Add("productId", "Not a product id.");
        if (request.SharedPostId == Guid.Empty) errors.Add("sharedPostId", "Not a post id.");
        if (request.SharedReelId == Guid.Empty) errors.Add("sharedReelId", "Not a reel id.");
        if (request.SharedStoryId == Guid.Empty) errors.Add("sharedStoryId", "Not a story id.");
        if (new[] { request.SharedPostId, request.SharedReelId, request.SharedStoryId }.Count(i => i is not null) > 1)
            errors.Add("sharedReelId", "A story shares one post, one reel or one story, not more.");
        var link = request.Link is null ? null : Link(request.Link, errors);
        var slider = request.Slider is null ? null : Slider(request.Slider, errors);
        var quiz = request.Quiz is null ? null : Quiz(request.Quiz, errors);
        var countdown = request.Countdown is null ? null : Countdown(request.Countdown, now, errors);
        var addYours = request.AddYours is null ? null : AddYours(request.AddYours, errors);

        if (!errors.IsValid)
        {
            (story, problem) = (null, errors.ToProblem());
            return false;
        }
        (story, problem) = (new ValidStory(request.UploadId!.Value, audience, request.MusicTrackId, request.MusicStartSeconds, altText,
            poll, question, mentions, request.ProductId, link, slider, quiz, countdown, addYours, request.SharedPostId, request.SharedReelId, request.SharedStoryId), null);
        return true;
    }

    /// <summary>A sticker's or answer's text trimmed, or null when it is blank (white space or invisible characters only: TextRules.IsBlank).</summary>
    /// <remarks>
    /// A field that may be left out calls <see cref="Validation.Visible"/> on what was sent as well: invisible characters alone
    /// are refused there rather than stored as none (docs/api.md "Blank text").
    /// </remarks>
    public static string? Optional(string? text) => TextRules.IsBlank(text) ? null : text!.Trim();

    /// <summary>
    /// The author answering their own story (docs/stories.md "Answering one's own story"): a vote, a slide, a quiz answer, a
    /// question response or a reaction. Refused as a reply to oneself is: Instagram shows its author results and activity, no
    /// sticker to answer, and an answer of one's own would count in one's own results and reach one's own activity.
    /// </summary>
    public static IResult OwnAnswer(string what) => Problems.Validation("id", $"You cannot {what} your own story.");

    private static StoryLinkSticker? Link(LinkRequest link, Validation errors)
    {
        var url = link.Url?.Trim();
        if (string.IsNullOrEmpty(url)) errors.Add("link.url", "This field is required: an https address.");
        else if (WebAddress.Normalize(url, httpsOnly: true, out var problem) is { } normal) url = normal;
        else errors.Add("link.url", problem!);
        var text = Optional(link.Text);
        errors.Visible("link.text", link.Text).MaxLength("link.text", text, LinkTextMax).Storable("link.text", text);
        return string.IsNullOrEmpty(url) ? null : new StoryLinkSticker(url, text);
    }

    private static ValidSlider? Slider(SliderRequest slider, Validation errors)
    {
        var (question, emoji) = (Optional(slider.Question), Optional(slider.Emoji));
        errors.Required("slider.question", question).MaxLength("slider.question", question, SliderQuestionMax).Storable("slider.question", question);
        if (emoji is null) errors.Add("slider.emoji", "This field is required: one emoji.");
        else if (!StickerEmoji.IsOne(emoji)) errors.Add("slider.emoji", "Must be exactly one emoji.");
        return question is null || emoji is null ? null : new ValidSlider(question, emoji);
    }

    private static ValidCountdown? Countdown(CountdownRequest countdown, DateTimeOffset now, Validation errors)
    {
        var title = Optional(countdown.Title);
        errors.Required("countdown.title", title).MaxLength("countdown.title", title, CountdownTitleMax).Storable("countdown.title", title)
            .OneLine("countdown.title", title);
        // Judged as stored: the column keeps microseconds, so a finer end a tick after now would be written as now itself.
        var end = countdown.EndsAt is { } endsAt ? endsAt.AddTicks(-(endsAt.UtcTicks % 10)) : (DateTimeOffset?)null;
        if (end is null) errors.Add("countdown.endsAt", "This field is required: when the countdown ends.");
        else if (end <= now) errors.Add("countdown.endsAt", "Must be in the future.");
        else if (end > now + CountdownHorizon) errors.Add("countdown.endsAt", "Must be within a year.");
        return title is null || end is null || end <= now || end > now + CountdownHorizon ? null : new ValidCountdown(title, end.Value);
    }

    private static ValidAddYours? AddYours(AddYoursRequest addYours, Validation errors)
    {
        var prompt = Optional(addYours.Prompt);
        if (prompt is not null && addYours.StoryId is not null)
            errors.Add("addYours", "Either a prompt, to start a chain, or the storyId of the chain to join; not both.");
        else if (prompt is null && addYours.StoryId is null)
            errors.Add("addYours.prompt", "This field is required: the prompt of a new chain (or storyId, to join one).");
        else if (addYours.StoryId == Guid.Empty) errors.Add("addYours.storyId", "Not a story id.");
        errors.Visible("addYours.prompt", addYours.Prompt).MaxLength("addYours.prompt", prompt, AddYoursPromptMax).Storable("addYours.prompt", prompt);
        return new ValidAddYours(prompt, addYours.StoryId);
    }

    private static ValidQuiz? Quiz(QuizRequest quiz, Validation errors)
    {
        var question = Optional(quiz.Question);
        errors.Required("quiz.question", question).MaxLength("quiz.question", question, QuizQuestionMax).Storable("quiz.question", question);
        var options = new List<string>();
        if (quiz.Options is not { Count: >= QuizOptionsMin and <= QuizOptionsMax })
            errors.Add("quiz.options", $"Between {QuizOptionsMin} and {QuizOptionsMax} options.");
        else
            for (var i = 0; i < quiz.Options.Count; i++)
            {
                var (field, option) = ($"quiz.options[{i}]", Optional(quiz.Options[i]));
                errors.Required(field, option).MaxLength(field, option, QuizOptionMax).Storable(field, option).OneLine(field, option);
                if (option is null) continue;
                if (options.Contains(option, StringComparer.OrdinalIgnoreCase)) errors.Add(field, "Must differ from the other options.");
                options.Add(option);
            }
        if (quiz.CorrectOption is not { } correct) errors.Add("quiz.correctOption", "This field is required: the right option, from 1.");
        else if (quiz.Options is { } given && (correct < 1 || correct > given.Count))
            errors.Add("quiz.correctOption", "Must name one of the options, from 1.");
        return question is null || quiz.CorrectOption is null || options.Count != (quiz.Options?.Count ?? -1)
            ? null : new ValidQuiz(question, options, quiz.CorrectOption.Value);
    }

    private static ValidPoll? Poll(PollRequest poll, Validation errors)
    {
        var (question, option1, option2) = (Optional(poll.Question), Optional(poll.Option1), Optional(poll.Option2));
        errors.Required("poll.question", question).MaxLength("poll.question", question, PollQuestionMax).Storable("poll.question", question);
        errors.Required("poll.option1", option1).MaxLength("poll.option1", option1, PollOptionMax).Storable("poll.option1", option1)
            .OneLine("poll.option1", option1);
        errors.Required("poll.option2", option2).MaxLength("poll.option2", option2, PollOptionMax).Storable("poll.option2", option2)
            .OneLine("poll.option2", option2);
        if (option1 is not null && string.Equals(option1, option2, StringComparison.OrdinalIgnoreCase))
            errors.Add("poll.option2", "Must differ from option1.");
        return question is null || option1 is null || option2 is null ? null : new ValidPoll(question, option1, option2);
    }

    private static List<string> Mentions(IReadOnlyList<string?>? raw, Validation errors)
    {
        var names = new List<string>();
        if (raw is null) return names;
        if (raw.Count > MentionsMax) errors.Add("mentions", $"At most {MentionsMax} mentions.");
        for (var i = 0; i < raw.Count && i < MentionsMax; i++)
        {
            var name = (raw[i] ?? "").Trim().TrimStart('@').ToLowerInvariant();
            if (!Username().IsMatch(name)) errors.Add($"mentions[{i}]", "Not a username.");
            else if (!names.Contains(name)) names.Add(name);
        }
        return names;
    }

    /// <summary>
    /// A one-line field (docs/api.md "Text limits": a title, a poll's or a quiz's option) takes no line break, tab or other
    /// control character, nor U+2028 / U+2029 (<see cref="TextRules.IsOneLine"/>).
    /// </summary>
    public static Validation OneLine(this Validation errors, string field, string? value) =>
        value is not null && !TextRules.IsOneLine(value) ? errors.Add(field, "Must be one line without control characters.") : errors;

    /// <summary>PostgreSQL text cannot hold U+0000: refused as a 400 rather than failing in the database.</summary>
    public static Validation Storable(this Validation errors, string field, string? value) =>
        value?.Contains('\0') == true ? errors.Add(field, "Must not contain NUL characters.") : errors;

    /// <summary>The users table's username rule (lower-case; input in any case is accepted and lowered).</summary>
    [GeneratedRegex("^[a-z0-9._]{1,30}$")]
    public static partial Regex Username();
}
