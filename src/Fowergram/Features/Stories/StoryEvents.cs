namespace Fowergram.Features.Stories;

/// <summary>The events the stories area raises (docs/events.md, docs/stories.md). Every payload names its entity for the activity log.</summary>
public static class StoryEvents
{
    public const string Created = "story.created";
    public const string Viewed = "story.viewed";
    public const string Reacted = "story.reacted";
    public const string PollVoted = "story.poll_voted";
    public const string QuestionAnswered = "story.question_answered";
    public const string SliderResponded = "story.slider_responded";
    public const string QuizAnswered = "story.quiz_answered";
    public const string Deleted = "story.deleted";
    /// <summary>Back from its owner's "Recently deleted" (docs/stories.md): its "add yours" chain counts it again.</summary>
    public const string Restored = "story.restored";
    /// <summary>Shared with posts and comments; a story mention carries storyId (and no postId).</summary>
    public const string UserMentioned = "user.mentioned";

    public const string EntityType = "story";
}

/// <summary><see cref="AddYoursPromptId"/>: the "add yours" chain the story started or joined (migration 0135), for its count.</summary>
public sealed record StoryCreatedEvent(Guid StoryId, Guid AuthorId, string Audience, Guid? MusicTrackId, string EntityType, Guid EntityId,
    Guid? AddYoursPromptId = null);

public sealed record StoryViewedEvent(Guid StoryId, Guid AuthorId, Guid ViewerId, string EntityType, Guid EntityId);

/// <summary><see cref="IsNew"/>: the user had not reacted before (a changed reaction is not a new one for the count).</summary>
public sealed record StoryReactedEvent(Guid StoryId, Guid AuthorId, Guid UserId, string ReactionType, bool IsNew, string EntityType, Guid EntityId);

public sealed record StoryPollVotedEvent(Guid StoryId, Guid PollId, Guid AuthorId, Guid UserId, int Option, string EntityType, Guid EntityId);

public sealed record StoryQuestionAnsweredEvent(Guid StoryId, Guid QuestionId, Guid ResponseId, Guid AuthorId, Guid UserId,
    string EntityType, Guid EntityId);

/// <summary>A first response to a story's emoji slider (migration 0129); <see cref="Value"/> from 0 to 1, three decimals.</summary>
public sealed record StorySliderRespondedEvent(Guid StoryId, Guid SliderId, Guid AuthorId, Guid UserId, decimal Value, string EntityType, Guid EntityId);

/// <summary>A first answer to a story's quiz (migration 0130): the option chosen (1-based) and whether it was right.</summary>
public sealed record StoryQuizAnsweredEvent(Guid StoryId, Guid QuizId, Guid AuthorId, Guid UserId, int Option, bool IsCorrect, string EntityType, Guid EntityId);

public sealed record StoryDeletedEvent(Guid StoryId, Guid AuthorId, string EntityType, Guid EntityId);

/// <summary>The same shape as <see cref="StoryDeletedEvent"/>: the story and its owner.</summary>
public sealed record StoryRestoredEvent(Guid StoryId, Guid AuthorId, string EntityType, Guid EntityId);

/// <summary>user.mentioned for a story: PostId is absent, StoryId present.</summary>
public sealed record StoryMentionEvent(Guid MentionedUserId, Guid StoryId, Guid AuthorId, string EntityType, Guid EntityId);
