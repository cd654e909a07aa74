using Dapper;
using Fowergram.Features.Comments;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Fowergram.Platform.Visibility;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Notifications about posts: like, comment, reply, mention, comment_like. Never to oneself, never
/// between users with a block either way, never about a post the recipient cannot see, never for a
/// like that is gone or a comment deleted by the time the event is handled (events arrive in any order).
/// Unliking takes the like notice back, so like/unlike/like notifies once. Readers re-check visibility anyway.
/// </summary>
public sealed class PostNotificationsConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "post-notifications";

    private static readonly HashSet<string> Types =
    [
        PostEvents.Liked, PostEvents.Unliked, PostEvents.UserMentioned,
        CommentEvents.Created, CommentEvents.Liked, CommentEvents.Unliked,
    ];

    // The policy written out (Visibility): the functions cost a sub-query call each, and this runs once
    // for every like. The duplicate check probes notifications_pair (migration 0062).
    private static readonly string Insert = $"""
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, created_at)
        SELECT @id, @recipient, @actor, @type, @entityType, @entityId, @createdAt
        WHERE @recipient <> @actor
          AND EXISTS (SELECT 1 FROM users r WHERE r.id = @recipient AND r.deleted_at IS NULL AND r.is_active)
          AND EXISTS (SELECT 1 FROM users a WHERE a.id = @actor AND a.deleted_at IS NULL AND a.is_active)
          AND NOT {Visibility.BlockedBetween("@recipient", "@actor")}
          AND EXISTS (SELECT 1 FROM posts p WHERE p.id = @postId AND p.deleted_at IS NULL AND {Visibility.ContentFilter("p.user_id", "@recipient")})
          -- Still true when delivered (events arrive in any order): the like exists, the comment is live.
          AND (@type <> 'like' OR EXISTS (SELECT 1 FROM likes l WHERE l.user_id = @actor AND l.post_id = @postId))
          AND (@type <> 'comment_like' OR EXISTS (SELECT 1 FROM comment_likes cl WHERE cl.user_id = @actor AND cl.comment_id = @entityId))
          AND (@entityType <> 'comment' OR EXISTS (SELECT 1 FROM comments c WHERE c.id = @entityId AND c.deleted_at IS NULL))
          AND NOT EXISTS (SELECT 1 FROM notifications n
                          WHERE n.user_id = @recipient AND n.actor_id = @actor AND n.type = @type AND n.entity_id = @entityId)
        """;

    private const string Withdraw = """
        DELETE FROM notifications WHERE user_id = @recipient AND actor_id = @actor AND type = @type AND entity_id = @entityId
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) => Types.Contains(eventType);

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (envelope.ActorId is not { } actor) return;
        switch (envelope.Type)
        {
            case PostEvents.Liked or PostEvents.Unliked:
                var like = envelope.PayloadAs<PostUserEvent>();
                if (envelope.Type == PostEvents.Liked) await Notify(like.AuthorId, "like", "post", like.PostId, like.PostId);
                else await Take(like.AuthorId, "like", like.PostId);
                break;
            case CommentEvents.Liked or CommentEvents.Unliked:
                var commentLike = envelope.PayloadAs<CommentLikeEvent>();
                if (envelope.Type == CommentEvents.Liked)
                    await Notify(commentLike.CommentAuthorId, "comment_like", "comment", commentLike.CommentId, commentLike.PostId);
                else await Take(commentLike.CommentAuthorId, "comment_like", commentLike.CommentId);
                break;
            case CommentEvents.Created:
                var comment = envelope.PayloadAs<CommentEvent>();
                if (comment.ParentAuthorId is { } repliedTo) await Notify(repliedTo, "reply", "comment", comment.CommentId, comment.PostId);
                if (comment.ParentAuthorId != comment.PostAuthorId)
                    await Notify(comment.PostAuthorId, "comment", "comment", comment.CommentId, comment.PostId);
                break;
            case PostEvents.UserMentioned:
                var mention = envelope.PayloadAs<MentionEvent>();
                // user.mentioned is shared with stories (entityType "story"); story-notifications owns those.
                if (mention.EntityType is not (PostEvents.EntityPost or PostEvents.EntityComment)) break;
                await Notify(mention.MentionedUserId, "mention", mention.EntityType, mention.EntityId, mention.PostId);
                break;
        }

        Task Notify(Guid recipient, string type, string entityType, Guid entityId, Guid postId) =>
            connection.ExecuteAsync(new CommandDefinition(Insert, new
            {
                id = Ids.New(time), recipient, actor, type, entityType, entityId, postId, createdAt = envelope.OccurredAt,
            }, transaction, cancellationToken: ct));

        Task Take(Guid recipient, string type, Guid entityId) =>
            connection.ExecuteAsync(new CommandDefinition(Withdraw, new { recipient, actor, type, entityId }, transaction, cancellationToken: ct));
    }
}
