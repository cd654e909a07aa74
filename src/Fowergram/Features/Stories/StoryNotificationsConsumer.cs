using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Fowergram.Platform.Visibility;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// Notifies a story's owner of reactions (story_reaction), mentioned users of mentions (story_mention), and the starter of an
/// "add yours" chain of each story that joins it (add_yours). Never to oneself, never between blocked users, never from or to
/// a gone account, never about a deleted story, and a mention or a joining story only reaches someone the story's audience
/// includes.
/// </summary>
public sealed class StoryNotificationsConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "story-notifications";

    private static readonly string Notify = $"""
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
        SELECT @id, @recipient, @actor, @type, 'story', @storyId, @message, @at
         WHERE @recipient <> @actor
           AND EXISTS (SELECT 1 FROM users WHERE id = @recipient AND deleted_at IS NULL AND is_active)
           AND EXISTS (SELECT 1 FROM users WHERE id = @actor AND deleted_at IS NULL AND is_active)
           AND NOT {Visibility.BlockedBetween("@recipient", "@actor")}
           AND EXISTS (SELECT 1 FROM stories s
                        WHERE s.id = @storyId AND s.deleted_at IS NULL AND {Visibility.StoryFilter("s.user_id", "s.audience", "@audienceMember")})
        """;

    /// <summary>
    /// add_yours to the chain's starter, the prompt as its message, when the joining story is still there and theirs to see at
    /// delivery (<see cref="Visibility.EntityFilter"/>, the inbox's own rule: the story live, its audience and "hidden from"
    /// list, the author's privacy and liveness, blocks either way). Once per story: a story joins one chain, and
    /// a notice already made (found through notifications_pair) is not made again.
    /// </summary>
    private static readonly string NotifyStarter = $"""
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
        SELECT @id, p.user_id, s.user_id, '{AddYoursType}', 'story', s.id, p.prompt, @at
          FROM stories s
          JOIN add_yours_prompts p ON p.id = s.add_yours_prompt_id
          JOIN users r ON r.id = p.user_id AND r.deleted_at IS NULL AND r.is_active
         WHERE s.id = @storyId AND s.user_id = @actor AND p.user_id <> s.user_id
           AND {Visibility.EntityFilter("'story'", "s.id", "@now", "p.user_id")}
           AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.actor_id = s.user_id AND n.user_id = p.user_id
                              AND n.type = '{AddYoursType}' AND n.entity_id = s.id)
        """;

    public const string AddYoursType = "add_yours";

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType is StoryEvents.Reacted or StoryEvents.UserMentioned or StoryEvents.Created;

    public Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (envelope.Type == StoryEvents.Created)
            return envelope.PayloadAs<StoryCreatedEvent>() is { AddYoursPromptId: not null } created
                ? connection.ExecuteAsync(new CommandDefinition(NotifyStarter, new
                {
                    id = Ids.New(time), created.StoryId, actor = created.AuthorId, at = envelope.OccurredAt, now = time.GetUtcNow(),
                }, transaction, cancellationToken: ct))
                : Task.CompletedTask;
        object? args = envelope.Type switch
        {
            StoryEvents.Reacted when envelope.PayloadAs<StoryReactedEvent>() is var e => Args(e.AuthorId, e.UserId, "story_reaction", e.StoryId,
                $"reacted to your story: {e.ReactionType}.", audienceMember: e.UserId, envelope.OccurredAt),
            // user.mentioned is shared with posts and comments: only story mentions are ours.
            StoryEvents.UserMentioned when IsStoryMention(envelope) && envelope.PayloadAs<StoryMentionEvent>() is var e =>
                Args(e.MentionedUserId, e.AuthorId, "story_mention", e.StoryId, "mentioned you in their story.",
                    audienceMember: e.MentionedUserId, envelope.OccurredAt),
            _ => null,
        };
        return args is null ? Task.CompletedTask : connection.ExecuteAsync(new CommandDefinition(Notify, args, transaction, cancellationToken: ct));
    }

    private static bool IsStoryMention(EventEnvelope envelope) =>
        envelope.Payload.ValueKind == System.Text.Json.JsonValueKind.Object && envelope.Payload.TryGetProperty("storyId", out var storyId) && storyId.ValueKind == System.Text.Json.JsonValueKind.String;

    private object Args(Guid recipient, Guid actor, string type, Guid storyId, string message, Guid audienceMember, DateTimeOffset at) =>
        new { id = Ids.New(time), recipient, actor, type, storyId, message, audienceMember, at };
}
