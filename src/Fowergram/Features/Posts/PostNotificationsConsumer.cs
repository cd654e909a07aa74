using Dapper;
using Fowergram.Features.Notifications;
using Fowergram.Features.Comments;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Visibility;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Notifications about posts: like, comment, reply, mention, tag, comment_like, repost. Never to oneself, never
/// between users with a block either way, never about a post the recipient cannot see, never for a
/// like that is gone or a comment deleted by the time the event is handled (events arrive in any order).
/// Unliking takes the like notice back, so like/unlike/like notifies once; undoing a repost takes its notice back. Readers re-check visibility anyway.
/// </summary>
public sealed class PostNotificationsConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "post-notifications";

    private static readonly HashSet<string> Types =
    [
        PostEvents.Liked, PostEvents.Unliked, PostEvents.UserMentioned, PostEvents.UserTagged, PostEvents.Reposted, PostEvents.Unreposted,
        CommentEvents.Created, CommentEvents.Liked, CommentEvents.Unliked, CommentPinning.PinnedEvent, CommentPinning.UnpinnedEvent,
    ];

    // The policy written out (Visibility): the functions cost a sub-query call each, and this runs once
    // for every like. The duplicate check probes notifications_pair (migration 0062). unnest: a run of a
    // batch's events is one statement (HandleRunAsync), one event a run of one; DISTINCT ON keeps a run from
    // inserting the same notice twice, which the NOT EXISTS (blind to the statement's own rows) would allow.
    private static readonly string Insert = $"""
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, created_at)
        SELECT DISTINCT ON (x.recipient, x.actor, x.type, x.entity_id) x.id, x.recipient, x.actor, x.type, x.entity_type, x.entity_id, x.created_at
        FROM unnest(@ids, @recipients, @actors, @types, @entityTypes, @entityIds, @subjectIds, @createdAts)
             AS x(id, recipient, actor, type, entity_type, entity_id, post_id, created_at)
        WHERE x.recipient <> x.actor
          AND EXISTS (SELECT 1 FROM users r WHERE r.id = x.recipient AND r.deleted_at IS NULL AND r.is_active)
          AND EXISTS (SELECT 1 FROM users a WHERE a.id = x.actor AND a.deleted_at IS NULL AND a.is_active)
          AND NOT {Visibility.BlockedBetween("x.recipient", "x.actor")}
          AND EXISTS (SELECT 1 FROM posts p WHERE p.id = x.post_id AND p.deleted_at IS NULL AND {Visibility.ContentFilter("p.user_id", "x.recipient")})
          -- Still true when delivered (events arrive in any order): the like exists, the comment is live. The key-share
          -- locks make an unlike racing this transaction wait for it, so the unlike's event, raised after, takes back
          -- a notice that is already there (the same for a tag taken off, below).
          AND (x.type <> 'like' OR EXISTS (SELECT 1 FROM likes l WHERE l.user_id = x.actor AND l.post_id = x.post_id FOR KEY SHARE OF l))
          AND (x.type <> 'repost' OR EXISTS (SELECT 1 FROM reposts rp WHERE rp.user_id = x.actor AND rp.post_id = x.post_id FOR KEY SHARE OF rp))
          AND (x.type <> 'comment_like' OR EXISTS (SELECT 1 FROM comment_likes cl WHERE cl.user_id = x.actor AND cl.comment_id = x.entity_id
                                                   FOR KEY SHARE OF cl))
          AND (x.entity_type <> 'comment' OR EXISTS (SELECT 1 FROM comments c WHERE c.id = x.entity_id AND c.deleted_at IS NULL))
          -- A caption's mention only while the caption still names the account: an edit may have taken it out before delivery.
          -- The key-share lock makes an edit racing this transaction wait for it, so its later delete of the notice sees it.
          AND (x.type <> 'mention' OR x.entity_type <> 'post'
               OR EXISTS (SELECT 1 FROM post_mentions m WHERE m.post_id = x.post_id AND m.user_id = x.recipient FOR KEY SHARE OF m))
          -- A pin taken back before delivery tells nobody. The share lock makes an unpin racing this transaction wait for
          -- it (an unpin updates the row), so the unpin's event, raised after, finds the notice to take back.
          AND (x.type <> 'comment_pin' OR EXISTS (SELECT 1 FROM comments c WHERE c.id = x.entity_id AND c.pinned_at IS NOT NULL FOR SHARE OF c))
          -- A tag the tagged account has since taken off (DELETE /posts/:id/tags/me) notifies no one. The key-share
          -- lock makes a concurrent take-off wait for this transaction, so its later delete of the notice sees it.
          AND (x.type <> 'tag' OR EXISTS (SELECT 1 FROM media_user_tags t JOIN post_media pm ON pm.id = t.media_id
                                          WHERE pm.post_id = x.post_id AND t.user_id = x.recipient FOR KEY SHARE OF t))
          AND NOT EXISTS (SELECT 1 FROM notifications n
                          WHERE n.user_id = x.recipient AND n.actor_id = x.actor AND n.type = x.type AND n.entity_id = x.entity_id)
        ORDER BY x.recipient, x.actor, x.type, x.entity_id, x.created_at
        """;

    // Only while what the undo undid is gone: events arrive in any order, and after like, unlike and like again the unlike's
    // event delivered last took back the notice of the like that stands (LateUndoEventTests).
    private const string Withdraw = """
        DELETE FROM notifications WHERE user_id = @recipient AND actor_id = @actor AND type = @type AND entity_id = @entityId
           AND NOT CASE @type
               WHEN 'like' THEN EXISTS (SELECT 1 FROM likes l WHERE l.user_id = @actor AND l.post_id = @entityId)
               WHEN 'repost' THEN EXISTS (SELECT 1 FROM reposts r WHERE r.user_id = @actor AND r.post_id = @entityId)
               WHEN 'comment_like' THEN EXISTS (SELECT 1 FROM comment_likes cl WHERE cl.user_id = @actor AND cl.comment_id = @entityId)
               WHEN 'comment_pin' THEN EXISTS (SELECT 1 FROM comments c WHERE c.id = @entityId AND c.pinned_at IS NOT NULL)
               ELSE false END
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) => Types.Contains(eventType);

    /// <summary>Events that only add notices share one key, so a batch's likes, comments and mentions are one insert; unlikes, which take a notice back, end a run.</summary>
    public string? RunKey(EventEnvelope envelope) =>
        envelope.Type is PostEvents.Unliked or PostEvents.Unreposted or CommentEvents.Unliked or CommentPinning.UnpinnedEvent ? null : ConsumerName;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (envelope.ActorId is not { } actor) return;
        switch (envelope.Type)
        {
            case PostEvents.Unliked:
                var like = envelope.PayloadAs<PostUserEvent>();
                await Take(like.AuthorId, "like", like.PostId);
                return;
            case PostEvents.Unreposted:
                var repost = envelope.PayloadAs<PostUserEvent>();
                await Take(repost.AuthorId, "repost", repost.PostId);
                return;
            case CommentEvents.Unliked:
                var commentLike = envelope.PayloadAs<CommentLikeEvent>();
                await Take(commentLike.CommentAuthorId, "comment_like", commentLike.CommentId);
                return;
            case CommentPinning.UnpinnedEvent:
                if (CommentPinning.PinnedOf(envelope, PostEvents.EntityComment, "postId") is { } unpinned)
                    await Take(unpinned.CommentAuthorId, "comment_pin", unpinned.CommentId);
                return;
            default:
                await HandleRunAsync([envelope], connection, transaction, ct);
                return;
        }

        Task Take(Guid recipient, string type, Guid entityId) =>
            connection.ExecuteAsync(new CommandDefinition(Withdraw, new { recipient, actor, type, entityId }, transaction, cancellationToken: ct));
    }

    public Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        NoticeBatch.WriteAsync(connection, transaction, time, Insert, run.SelectMany(NoticesOf).ToList(), ct);

    /// <summary>The notices an event asks for (before the checks of <see cref="Insert"/>).</summary>
    private static IEnumerable<NoticeRequest> NoticesOf(EventEnvelope envelope)
    {
        if (envelope.ActorId is not { } actor) yield break;
        NoticeRequest Of(Guid recipient, string type, string entityType, Guid entityId, Guid postId) =>
            new(recipient, actor, type, entityType, entityId, postId, envelope.OccurredAt);
        switch (envelope.Type)
        {
            case PostEvents.Liked:
                var like = envelope.PayloadAs<PostUserEvent>();
                yield return Of(like.AuthorId, "like", "post", like.PostId, like.PostId);
                break;
            case PostEvents.Reposted:
                var repost = envelope.PayloadAs<PostUserEvent>();
                yield return Of(repost.AuthorId, "repost", "post", repost.PostId, repost.PostId);
                break;
            case CommentEvents.Liked:
                var commentLike = envelope.PayloadAs<CommentLikeEvent>();
                yield return Of(commentLike.CommentAuthorId, "comment_like", "comment", commentLike.CommentId, commentLike.PostId);
                break;
            case CommentEvents.Created:
                var comment = envelope.PayloadAs<CommentEvent>();
                if (comment.ParentAuthorId is { } repliedTo) yield return Of(repliedTo, "reply", "comment", comment.CommentId, comment.PostId);
                if (comment.ParentAuthorId != comment.PostAuthorId)
                    yield return Of(comment.PostAuthorId, "comment", "comment", comment.CommentId, comment.PostId);
                break;
            case PostEvents.UserMentioned:
                var mention = envelope.PayloadAs<MentionEvent>();
                // user.mentioned is shared with stories (entityType "story"); story-notifications owns those.
                if (mention.EntityType is PostEvents.EntityPost or PostEvents.EntityComment)
                    yield return Of(mention.MentionedUserId, "mention", mention.EntityType, mention.EntityId, mention.PostId);
                break;
            case PostEvents.UserTagged:
                var tag = envelope.PayloadAs<TagEvent>();
                yield return Of(tag.TaggedUserId, "tag", PostEvents.EntityPost, tag.PostId, tag.PostId);
                break;
            case CommentPinning.PinnedEvent when CommentPinning.PinnedOf(envelope, PostEvents.EntityComment, "postId") is { } pinned:
                yield return Of(pinned.CommentAuthorId, "comment_pin", PostEvents.EntityComment, pinned.CommentId, pinned.ThingId);
                break;
        }
    }

}
