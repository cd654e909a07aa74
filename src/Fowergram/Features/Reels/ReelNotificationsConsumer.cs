using Dapper;
using Fowergram.Features.Notifications;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Reels;

/// <summary>
/// Notices about reels: reel_like and reel_comment to the reel's author, reply to the author of the comment answered,
/// comment_like to the author of a comment liked, mention to whoever a caption or comment on a reel names.
/// The posts' rules (PostNotificationsConsumer): never to oneself, never across a block, never about a reel the
/// recipient cannot see or that is deleted, never for a like that is gone or a comment deleted by then (events arrive
/// in any order); an unlike takes the like notice back and a notice is not written twice, so like/unlike/like notifies
/// once. The notifications list re-checks visibility at read time (Visibility.EntityFilter knows reels).
/// </summary>
public sealed class ReelNotificationsConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "reel-notifications";

    // DISTINCT ON: a run is one statement, and the NOT EXISTS cannot see the statement's own rows. The key-share lock on
    // the like makes an unlike racing this transaction wait for it, so the unlike's event finds the notice to take back.
    // The share lock on a pinned comment does the same for an unpin (an update of the row).
    private static readonly string Insert = $"""
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, created_at)
        SELECT DISTINCT ON (x.recipient, x.actor, x.type, x.entity_id) x.id, x.recipient, x.actor, x.type, x.entity_type, x.entity_id, x.created_at
        FROM unnest(@ids, @recipients, @actors, @types, @entityTypes, @entityIds, @subjectIds, @createdAts)
             AS x(id, recipient, actor, type, entity_type, entity_id, reel_id, created_at)
        WHERE x.recipient <> x.actor
          AND EXISTS (SELECT 1 FROM users r WHERE r.id = x.recipient AND r.deleted_at IS NULL AND r.is_active)
          AND EXISTS (SELECT 1 FROM users a WHERE a.id = x.actor AND a.deleted_at IS NULL AND a.is_active)
          AND NOT {VisibilityPolicy.BlockedBetween("x.recipient", "x.actor")}
          AND EXISTS (SELECT 1 FROM reels rl WHERE rl.id = x.reel_id AND rl.deleted_at IS NULL AND {VisibilityPolicy.ContentFilter("rl.user_id", "x.recipient")})
          AND (x.type <> 'reel_like' OR EXISTS (SELECT 1 FROM reel_likes l WHERE l.user_id = x.actor AND l.reel_id = x.reel_id FOR KEY SHARE OF l))
          AND (x.type <> 'comment_like'
               OR EXISTS (SELECT 1 FROM reel_comment_likes l WHERE l.user_id = x.actor AND l.comment_id = x.entity_id FOR KEY SHARE OF l))
          AND (x.entity_type <> 'reel_comment' OR EXISTS (SELECT 1 FROM reel_comments c WHERE c.id = x.entity_id AND c.deleted_at IS NULL))
          AND (x.type <> 'comment_pin' OR EXISTS (SELECT 1 FROM reel_comments c WHERE c.id = x.entity_id AND c.pinned_at IS NOT NULL FOR SHARE OF c))
          AND NOT EXISTS (SELECT 1 FROM notifications n
                          WHERE n.user_id = x.recipient AND n.actor_id = x.actor AND n.type = x.type AND n.entity_id = x.entity_id)
        ORDER BY x.recipient, x.actor, x.type, x.entity_id, x.created_at
        """;

    /// <summary>Binds @type: reel_like (entity: the reel) or comment_like (entity: the comment).</summary>
    private const string Withdraw = """
        DELETE FROM notifications WHERE user_id = @recipient AND actor_id = @actor AND type = @type AND entity_id = @entityId
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) =>
        eventType is ReelEvents.Liked or ReelEvents.Unliked or ReelEvents.CommentCreated or ReelEvents.CommentLiked or ReelEvents.CommentUnliked
            or ReelMentionEvent.Type or CommentPinning.PinnedEvent or CommentPinning.UnpinnedEvent;

    /// <summary>Events that only add notices share one key (one insert per run); unlikes, which take one back, end a run.</summary>
    public string? RunKey(EventEnvelope envelope) =>
        envelope.Type is ReelEvents.Unliked or ReelEvents.CommentUnliked or CommentPinning.UnpinnedEvent ? null : ConsumerName;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (envelope.Type is not (ReelEvents.Unliked or ReelEvents.CommentUnliked or CommentPinning.UnpinnedEvent))
        {
            await HandleRunAsync([envelope], connection, transaction, ct);
            return;
        }
        if (envelope.ActorId is not { } actor) return;
        if (envelope.Type == CommentPinning.UnpinnedEvent && CommentPinning.PinnedOf(envelope, ReelEvents.EntityComment, "reelId") is null) return;
        var (recipient, type, entityId) = WithdrawnBy(envelope);
        await connection.ExecuteAsync(new CommandDefinition(Withdraw, new { recipient, actor, type, entityId }, transaction, cancellationToken: ct));
    }

    /// <summary>The notice an unlike takes back: its recipient, type and entity.</summary>
    private static (Guid Recipient, string Type, Guid EntityId) WithdrawnBy(EventEnvelope envelope)
    {
        if (envelope.Type == CommentPinning.UnpinnedEvent && CommentPinning.PinnedOf(envelope, ReelEvents.EntityComment, "reelId") is { } unpinned)
            return (unpinned.CommentAuthorId, "comment_pin", unpinned.CommentId);
        if (envelope.Type == ReelEvents.Unliked)
        {
            var like = envelope.PayloadAs<ReelLikeEvent>();
            return (like.AuthorId, "reel_like", like.ReelId);
        }
        var commentLike = envelope.PayloadAs<ReelCommentLikeEvent>();
        return (commentLike.CommentAuthorId, "comment_like", commentLike.CommentId);
    }

    public Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        NoticeBatch.WriteAsync(connection, transaction, time, Insert, run.SelectMany(NoticesOf).ToList(), ct);

    private static IEnumerable<NoticeRequest> NoticesOf(EventEnvelope envelope)
    {
        if (envelope.ActorId is not { } actor) yield break;
        NoticeRequest Of(Guid recipient, string type, string entityType, Guid entityId, Guid reelId) =>
            new(recipient, actor, type, entityType, entityId, reelId, envelope.OccurredAt);
        switch (envelope.Type)
        {
            case ReelEvents.Liked:
                var like = envelope.PayloadAs<ReelLikeEvent>();
                yield return Of(like.AuthorId, "reel_like", ReelEvents.EntityReel, like.ReelId, like.ReelId);
                break;
            case ReelEvents.CommentCreated:
                var comment = envelope.PayloadAs<ReelCommentEvent>();
                if (comment.ParentAuthorId is { } repliedTo) yield return Of(repliedTo, "reply", ReelEvents.EntityComment, comment.CommentId, comment.ReelId);
                // The reel's author answered in a thread of their reel hears of it once, as the one replied to.
                if (comment.ParentAuthorId != comment.ReelAuthorId)
                    yield return Of(comment.ReelAuthorId, "reel_comment", ReelEvents.EntityComment, comment.CommentId, comment.ReelId);
                break;
            case ReelEvents.CommentLiked:
                var commentLike = envelope.PayloadAs<ReelCommentLikeEvent>();
                yield return Of(commentLike.CommentAuthorId, "comment_like", ReelEvents.EntityComment, commentLike.CommentId, commentLike.ReelId);
                break;
            case CommentPinning.PinnedEvent when CommentPinning.PinnedOf(envelope, ReelEvents.EntityComment, "reelId") is { } pinned:
                yield return Of(pinned.CommentAuthorId, "comment_pin", ReelEvents.EntityComment, pinned.CommentId, pinned.ThingId);
                break;
            case ReelMentionEvent.Type when IsReelMention(envelope):
                var mention = envelope.PayloadAs<ReelMentionEvent>();
                yield return Of(mention.MentionedUserId, "mention", mention.EntityType, mention.EntityId, mention.ReelId);
                break;
        }
    }

    /// <summary>user.mentioned is shared with posts and stories: only mentions in reels and their comments are ours.</summary>
    private static bool IsReelMention(EventEnvelope envelope) =>
        envelope.Payload.TryGetProperty("entityType", out var type) && type.GetString() is ReelEvents.EntityReel or ReelEvents.EntityComment;

}
