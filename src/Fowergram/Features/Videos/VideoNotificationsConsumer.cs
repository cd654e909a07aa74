using Dapper;
using Fowergram.Features.Notifications;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Videos;

/// <summary>
/// Notices about long-form videos: video_like and video_comment to the video's author, reply to the author of the comment
/// answered, comment_like to the author of a comment liked, mention to whoever a comment names — on the rules of reel-notifications: never to oneself, never across a block, never about a video the
/// recipient cannot see or that is deleted, never for a like that is gone or a comment deleted by then (events arrive in
/// any order); an unlike takes the like notice back and a notice is not written twice, so like/unlike/like notifies once.
/// Comment notices point at the comment (entity igtv_comment), so the notifications list hides them once it is deleted.
/// </summary>
public sealed class VideoNotificationsConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "igtv-notifications";

    private const string EntityComment = VideoEvents.EntityComment;

    // DISTINCT ON: a run is one statement, and the NOT EXISTS cannot see the statement's own rows. The key-share lock on
    // the like makes an unlike racing this transaction wait for it, so the unlike's event finds the notice to take back.
    // The share lock on a pinned comment does the same for an unpin (an update of the row).
    private static readonly string Insert = $"""
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, created_at)
        SELECT DISTINCT ON (x.recipient, x.actor, x.type, x.entity_id) x.id, x.recipient, x.actor, x.type, x.entity_type, x.entity_id, x.created_at
        FROM unnest(@ids, @recipients, @actors, @types, @entityTypes, @entityIds, @subjectIds, @createdAts)
             AS x(id, recipient, actor, type, entity_type, entity_id, video_id, created_at)
        WHERE x.recipient <> x.actor
          AND EXISTS (SELECT 1 FROM users r WHERE r.id = x.recipient AND r.deleted_at IS NULL AND r.is_active)
          AND EXISTS (SELECT 1 FROM users a WHERE a.id = x.actor AND a.deleted_at IS NULL AND a.is_active)
          AND NOT {VisibilityPolicy.BlockedBetween("x.recipient", "x.actor")}
          AND EXISTS (SELECT 1 FROM igtv_videos v WHERE v.id = x.video_id AND v.deleted_at IS NULL
                        AND (v.user_id = x.recipient OR (v.is_published AND {VisibilityPolicy.ContentFilter("v.user_id", "x.recipient")})))
          AND (x.type <> 'video_like' OR EXISTS (SELECT 1 FROM igtv_likes l WHERE l.user_id = x.actor AND l.video_id = x.video_id FOR KEY SHARE OF l))
          AND (x.type <> 'comment_like'
               OR EXISTS (SELECT 1 FROM igtv_comment_likes l WHERE l.user_id = x.actor AND l.comment_id = x.entity_id FOR KEY SHARE OF l))
          AND (x.entity_type <> '{EntityComment}' OR EXISTS (SELECT 1 FROM igtv_comments c WHERE c.id = x.entity_id AND c.deleted_at IS NULL))
          AND (x.type <> 'comment_pin' OR EXISTS (SELECT 1 FROM igtv_comments c WHERE c.id = x.entity_id AND c.pinned_at IS NOT NULL FOR SHARE OF c))
          AND NOT EXISTS (SELECT 1 FROM notifications n
                          WHERE n.user_id = x.recipient AND n.actor_id = x.actor AND n.type = x.type AND n.entity_id = x.entity_id)
        ORDER BY x.recipient, x.actor, x.type, x.entity_id, x.created_at
        """;

    /// <summary>Binds @type: video_like (entity: the video) or comment_like (entity: the comment).</summary>
    private const string Withdraw = """
        DELETE FROM notifications WHERE user_id = @recipient AND actor_id = @actor AND type = @type AND entity_id = @entityId
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) =>
        eventType is VideoEvents.Liked or VideoEvents.Unliked or VideoEvents.CommentCreated or VideoEvents.CommentLiked
            or VideoEvents.CommentUnliked or VideoMentionEvent.Type or CommentPinning.PinnedEvent or CommentPinning.UnpinnedEvent;

    /// <summary>Events that only add notices share one key (one insert per run); unlikes, which take one back, end a run.</summary>
    public string? RunKey(EventEnvelope envelope) =>
        envelope.Type is VideoEvents.Unliked or VideoEvents.CommentUnliked or CommentPinning.UnpinnedEvent ? null : ConsumerName;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (envelope.Type is not (VideoEvents.Unliked or VideoEvents.CommentUnliked or CommentPinning.UnpinnedEvent))
        {
            await HandleRunAsync([envelope], connection, transaction, ct);
            return;
        }
        if (envelope.ActorId is not { } actor) return;
        if (envelope.Type == CommentPinning.UnpinnedEvent && CommentPinning.PinnedOf(envelope, EntityComment, "videoId") is null) return;
        var (recipient, type, entityId) = WithdrawnBy(envelope);
        await connection.ExecuteAsync(new CommandDefinition(Withdraw, new { recipient, actor, type, entityId }, transaction, cancellationToken: ct));
    }

    /// <summary>The notice an unlike takes back: its recipient, type and entity.</summary>
    private static (Guid Recipient, string Type, Guid EntityId) WithdrawnBy(EventEnvelope envelope)
    {
        if (envelope.Type == CommentPinning.UnpinnedEvent && CommentPinning.PinnedOf(envelope, EntityComment, "videoId") is { } unpinned)
            return (unpinned.CommentAuthorId, "comment_pin", unpinned.CommentId);
        if (envelope.Type == VideoEvents.Unliked)
        {
            var like = envelope.PayloadAs<VideoLikeEvent>();
            return (like.AuthorId, "video_like", like.VideoId);
        }
        var commentLike = envelope.PayloadAs<VideoCommentLikeEvent>();
        return (commentLike.CommentAuthorId, "comment_like", commentLike.CommentId);
    }

    public Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        NoticeBatch.WriteAsync(connection, transaction, time, Insert, run.SelectMany(NoticesOf).ToList(), ct);

    private static IEnumerable<NoticeRequest> NoticesOf(EventEnvelope envelope)
    {
        if (envelope.ActorId is not { } actor) yield break;
        NoticeRequest Of(Guid recipient, string type, string entityType, Guid entityId, Guid videoId) =>
            new(recipient, actor, type, entityType, entityId, videoId, envelope.OccurredAt);
        switch (envelope.Type)
        {
            case VideoEvents.Liked:
                var like = envelope.PayloadAs<VideoLikeEvent>();
                yield return Of(like.AuthorId, "video_like", VideoEvents.EntityVideo, like.VideoId, like.VideoId);
                break;
            case VideoEvents.CommentCreated:
                var comment = envelope.PayloadAs<VideoCommentEvent>();
                if (comment.ParentAuthorId is { } repliedTo) yield return Of(repliedTo, "reply", EntityComment, comment.CommentId, comment.VideoId);
                // The video's author answered in a thread of their video hears of it once, as the one replied to.
                if (comment.ParentAuthorId != comment.VideoAuthorId)
                    yield return Of(comment.VideoAuthorId, "video_comment", EntityComment, comment.CommentId, comment.VideoId);
                break;
            case VideoEvents.CommentLiked:
                var commentLike = envelope.PayloadAs<VideoCommentLikeEvent>();
                yield return Of(commentLike.CommentAuthorId, "comment_like", EntityComment, commentLike.CommentId, commentLike.VideoId);
                break;
            // user.mentioned is shared with posts, reels and stories: only mentions in video comments are ours.
            case CommentPinning.PinnedEvent when CommentPinning.PinnedOf(envelope, EntityComment, "videoId") is { } pinned:
                yield return Of(pinned.CommentAuthorId, "comment_pin", EntityComment, pinned.CommentId, pinned.ThingId);
                break;
            case VideoMentionEvent.Type when envelope.Payload.TryGetProperty("entityType", out var type) && type.GetString() == EntityComment:
                var mention = envelope.PayloadAs<VideoMentionEvent>();
                yield return Of(mention.MentionedUserId, "mention", EntityComment, mention.CommentId, mention.VideoId);
                break;
        }
    }

}
