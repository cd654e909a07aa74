using Fowergram.Features.Reels;
using Fowergram.Platform.Content;

namespace Fowergram.Features.Stories;

/// <summary>POST /api/v1/stories. Nullable members so a missing field is a validation error that names it.</summary>
public sealed record CreateStoryRequest(
    Guid? UploadId, string? Audience, Guid? MusicTrackId, int? MusicStartSeconds, string? AltText,
    PollRequest? Poll, QuestionRequest? Question, IReadOnlyList<string?>? Mentions, Guid? ProductId, LinkRequest? Link,
    SliderRequest? Slider, QuizRequest? Quiz, CountdownRequest? Countdown, AddYoursRequest? AddYours, Guid? SharedPostId, Guid? SharedReelId,
    Guid? SharedStoryId);

/// <summary>A link sticker: an https address and an optional label (the address is shown when there is none).</summary>
public sealed record LinkRequest(string? Url, string? Text);

public sealed record PollRequest(string? Question, string? Option1, string? Option2);

public sealed record QuestionRequest(string? Text);

/// <summary>An emoji slider sticker (migration 0129): a question and the one emoji viewers slide.</summary>
public sealed record SliderRequest(string? Question, string? Emoji);

/// <summary>A quiz sticker (migration 0130): a question, two to four options and the right one (1-based).</summary>
public sealed record QuizRequest(string? Question, IReadOnlyList<string?>? Options, int? CorrectOption);

/// <summary>A countdown sticker (migration 0131): what is coming, and when (after now, within a year).</summary>
public sealed record CountdownRequest(string? Title, DateTimeOffset? EndsAt);

/// <summary>
/// An "add yours" sticker (migration 0135): <see cref="Prompt"/> starts a chain; <see cref="StoryId"/> names a live story the
/// caller may see whose chain the new story joins. Exactly one of the two.
/// </summary>
public sealed record AddYoursRequest(string? Prompt, Guid? StoryId);

/// <summary>POST /stories/{id}/quiz/answers: the option chosen (1-based).</summary>
public sealed record QuizAnswerRequest(int? Option);

/// <summary>POST /stories/{id}/slider/responses: how far the viewer slid, from 0 to 1.</summary>
public sealed record SlideRequest(double? Value);

public sealed record VoteRequest(int? Option);

public sealed record QuestionResponseRequest(string? Text);

public sealed record ReactionRequest(string? Type);

public sealed record StoryAuthor(Guid Id, string Username, string? Avatar);

/// <summary>A short-lived signed URL of the story's media; absent when the media is gone (deleted by the expiry job).</summary>
public sealed record StoryMediaResponse(string Type, string Url, DateTimeOffset ExpiresAt);

public sealed record StoryMusicResponse(Guid TrackId, string Title, string Artist, int? StartSeconds);

public sealed record StoryPollSticker(Guid Id, string Question, string Option1, string Option2);

public sealed record StoryQuestionSticker(Guid Id, string Text);

public sealed record StorySliderSticker(Guid Id, string Question, string Emoji);

public sealed record StoryCountdownSticker(Guid Id, string Title, DateTimeOffset EndsAt);

/// <summary>A story shared to another (one that mentioned its author): who posted it and its picture, until it expires.</summary>
public sealed record SharedStoryCard(Guid Id, StoryAuthor Author, string MediaType, StoryMediaResponse? Media, DateTimeOffset ExpiresAt);

/// <summary>An "add yours" sticker: the chain's prompt and how many stories were ever added to it (GET /stories/{id}/add-yours lists them).</summary>
public sealed record StoryAddYoursSticker(Guid Id, string Prompt, long StoryCount);

/// <summary>A quiz as the story shows it: never which option is right (GET /stories/{id}/quiz says, once answered).</summary>
public sealed record StoryQuizSticker(Guid Id, string Question, IReadOnlyList<string> Options);

/// <summary>A product sticker (migration 0095): the product's id (GET /products/{id} has the rest), name and price.</summary>
public sealed record StoryProductSticker(Guid Id, string Name, decimal Price, string Currency);

/// <summary>A link sticker (migration 0098).</summary>
public sealed record StoryLinkSticker(string Url, string? Text);

/// <summary>
/// One story as its viewer sees it. <see cref="Seen"/> and <see cref="MyReaction"/> are the caller's own;
/// <see cref="ViewCount"/> and <see cref="IsLive"/> are the owner's only. <see cref="CanReply"/> and <see cref="CanReact"/>
/// say whether POST /stories/{id}/replies and PUT /stories/{id}/reaction would take the caller's answer now (the story is
/// live, the author's "Allow replies and reactions" admits the caller, and for a reply it is not the caller's own), by the
/// very predicates those routes refuse with, so an app shows the reply box and the quick reactions only when they work.
/// </summary>
public sealed record StoryResponse(
    Guid Id, StoryAuthor Author, string MediaType, StoryMediaResponse? Media, string Audience, string? AltText,
    StoryMusicResponse? Music, StoryPollSticker? Poll, StoryQuestionSticker? Question, StoryProductSticker? Product, StoryLinkSticker? Link,
    StorySliderSticker? Slider, StoryQuizSticker? Quiz, StoryCountdownSticker? Countdown, StoryAddYoursSticker? AddYours,
    PostCard? SharedPost, ReelView? SharedReel, SharedStoryCard? SharedStory, IReadOnlyList<string> Mentions,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool Seen, string? MyReaction, long? ViewCount, bool? IsLive,
    bool CanReply, bool CanReact);

/// <summary>One author's ring in the tray: their live stories in play order (oldest first).</summary>
public sealed record TrayEntry(StoryAuthor Author, bool HasUnseen, DateTimeOffset LatestAt, IReadOnlyList<StoryResponse> Stories);

public sealed record TrayResponse(IReadOnlyList<TrayEntry> Items);

public sealed record StoryListResponse(IReadOnlyList<StoryResponse> Items);

public sealed record StoryViewer(StoryAuthor User, DateTimeOffset ViewedAt, string? Reaction);

public sealed record ViewersResponse(long ViewCount, IReadOnlyList<StoryViewer> Items, string? NextCursor);

public sealed record PollResults(long Option1Votes, long Option2Votes, long Total);

/// <summary><see cref="Results"/> only for the owner and for users who voted.</summary>
public sealed record PollResponse(Guid Id, string Question, string Option1, string Option2, int? MyVote, PollResults? Results);

public sealed record VoteResponse(Guid PollId, int Option, DateTimeOffset VotedAt);

public sealed record QuestionResponseItem(Guid Id, StoryAuthor User, string Text, DateTimeOffset CreatedAt);

public sealed record CreatedQuestionResponse(Guid Id, Guid QuestionId, string Text, DateTimeOffset CreatedAt);

public sealed record ReactionResponse(string Type);

/// <summary>A response to a slider: the value as stored (three decimals) and when it was given.</summary>
public sealed record SlideView(Guid SliderId, decimal Value, DateTimeOffset RespondedAt);

/// <summary>How many responded and their average, from 0 to 1 (three decimals); null average before the first response.</summary>
public sealed record SliderResults(long ResponseCount, decimal? Average);

/// <summary>GET /stories/{id}/slider: <see cref="Results"/> only for the owner and for users who responded.</summary>
public sealed record SliderView(Guid Id, string Question, string Emoji, decimal? MyValue, SliderResults? Results);

public sealed record SliderResponseItem(StoryAuthor User, decimal Value, DateTimeOffset RespondedAt);

/// <summary>An answer to a quiz, and whether it was right: the viewer learns it at once, as on Instagram.</summary>
public sealed record QuizAnswerView(Guid QuizId, int Option, bool IsCorrect, int CorrectOption, DateTimeOffset AnsweredAt);

/// <summary>How many chose each option, in option order, and in all.</summary>
public sealed record QuizResults(IReadOnlyList<long> Counts, long Total);

/// <summary>GET /stories/{id}/quiz: the right option and the results only for the owner and for users who answered.</summary>
public sealed record QuizView(Guid Id, string Question, IReadOnlyList<string> Options, int? MyAnswer, int? CorrectOption, QuizResults? Results);

/// <summary>GET /stories/{id}/countdown: <see cref="ReminderCount"/> for the owner only.</summary>
public sealed record CountdownView(Guid Id, string Title, DateTimeOffset EndsAt, bool HasEnded, bool IsReminderSet, long? ReminderCount);

public sealed record QuizAnswerItem(StoryAuthor User, int Option, bool IsCorrect, DateTimeOffset AnsweredAt);

/// <summary>GET /stories/{id}/add-yours: the chain and a page of its live stories the caller may see, newest first.</summary>
public sealed record AddYoursChain(Guid Id, string Prompt, long StoryCount, IReadOnlyList<StoryResponse> Items, string? NextCursor);
