using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Fowergram.Platform.Visibility;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// Notifies a story's owner of reactions (story_reaction) and mentioned users of mentions (story_mention).
/// Never to oneself, never between blocked users, never from or to a gone account, never about a deleted
/// story, and a mention only reaches someone the story's audience includes.
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

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType is StoryEvents.Reacted or StoryEvents.UserMentioned;

    public Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
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
