using System.Text.Json;
using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Notifications;

/// <summary>
/// What tells the notices of one kind of thing with a comment thread (reels, long-form videos) apart: its tables, how a
/// recipient may see it, its notice and entity types, its events and the payload keys that name the thing.
/// </summary>
/// <param name="ThingVisible">A condition on the thing (alias <c>t</c>) for the recipient (<c>x.recipient</c>).</param>
/// <param name="MentionsInThing">Whether a mention in the thing itself (a caption) is this consumer's, or only mentions in comments.</param>
/// <param name="MoreChecks">Further conditions of the insert over <c>x</c>, for the notice types only one kind of thing has (reels: reel_remix).</param>
/// <param name="MoreStanding">For the notices only one kind of thing takes back (reels: repost), whether what the undo undid
/// stands again (over <c>@type</c>, <c>@actor</c>, <c>@entityId</c>): then its notice stays.</param>
public sealed record ThreadedThing(
    string ConsumerName, string Things, string ThingVisible, string Likes, string LikesThingColumn, string Comments, string CommentLikes,
    string LikeType, string CommentType, string EntityThing, string EntityComment, string ThingKey, string ThingAuthorKey,
    string Liked, string Unliked, string CommentCreated, string CommentLiked, string CommentUnliked, bool MentionsInThing,
    string MoreChecks = "true", string MoreStanding = "false");

/// <summary>
/// Notices about a thing with a comment thread: its like and comment types to the thing's author, reply to the author of the
/// comment answered, comment_like to the author of a comment liked, comment_pin to the author of a comment pinned, mention
/// to whoever a comment (or, for reels, a caption) names. The posts' rules (PostNotificationsConsumer): never to oneself,
/// never across a block, never about a thing the recipient cannot see or that is deleted, never for a like that is gone or
/// a comment deleted by then (events arrive in any order); an unlike or unpin takes its notice back and a notice is not
/// written twice, so like/unlike/like notifies once. The notifications list re-checks visibility at read time.
/// </summary>
public abstract class ThreadedThingNotifications(TimeProvider time, ThreadedThing thing) : IEventConsumer
{
    // DISTINCT ON: a run is one statement, and the NOT EXISTS cannot see the statement's own rows. The key-share lock on
    // the like makes an unlike racing this transaction wait for it, so the unlike's event finds the notice to take back.
    // The share lock on a pinned comment does the same for an unpin (an update of the row).
    private readonly string _insert = $"""
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, created_at)
        SELECT DISTINCT ON (x.recipient, x.actor, x.type, x.entity_id) x.id, x.recipient, x.actor, x.type, x.entity_type, x.entity_id, x.created_at
        FROM unnest(@ids, @recipients, @actors, @types, @entityTypes, @entityIds, @subjectIds, @createdAts)
             AS x(id, recipient, actor, type, entity_type, entity_id, thing_id, created_at)
        WHERE x.recipient <> x.actor
          AND EXISTS (SELECT 1 FROM users r WHERE r.id = x.recipient AND r.deleted_at IS NULL AND r.is_active)
          AND EXISTS (SELECT 1 FROM users a WHERE a.id = x.actor AND a.deleted_at IS NULL AND a.is_active)
          AND NOT {VisibilityPolicy.BlockedBetween("x.recipient", "x.actor")}
          AND EXISTS (SELECT 1 FROM {thing.Things} t WHERE t.id = x.thing_id AND t.deleted_at IS NULL AND {thing.ThingVisible})
          AND (x.type <> '{thing.LikeType}'
               OR EXISTS (SELECT 1 FROM {thing.Likes} l WHERE l.user_id = x.actor AND l.{thing.LikesThingColumn} = x.thing_id FOR KEY SHARE OF l))
          AND (x.type <> 'comment_like'
               OR EXISTS (SELECT 1 FROM {thing.CommentLikes} l WHERE l.user_id = x.actor AND l.comment_id = x.entity_id FOR KEY SHARE OF l))
          AND (x.entity_type <> '{thing.EntityComment}' OR EXISTS (SELECT 1 FROM {thing.Comments} c WHERE c.id = x.entity_id AND c.deleted_at IS NULL))
          AND (x.type <> 'comment_pin'
               OR EXISTS (SELECT 1 FROM {thing.Comments} c WHERE c.id = x.entity_id AND c.pinned_at IS NOT NULL FOR SHARE OF c))
          AND {thing.MoreChecks}
          AND NOT EXISTS (SELECT 1 FROM notifications n
                          WHERE n.user_id = x.recipient AND n.actor_id = x.actor AND n.type = x.type AND n.entity_id = x.entity_id)
        ORDER BY x.recipient, x.actor, x.type, x.entity_id, x.created_at
        """;

    // Only while what the undo undid is gone: events arrive in any order, and after like, unlike and like again the unlike's
    // event delivered last took back the notice of the like that stands (LateUndoEventTests).
    private readonly string _withdraw = $"""
        DELETE FROM notifications WHERE user_id = @recipient AND actor_id = @actor AND type = @type AND entity_id = @entityId
           AND NOT CASE @type
               WHEN '{thing.LikeType}' THEN EXISTS (SELECT 1 FROM {thing.Likes} l WHERE l.user_id = @actor AND l.{thing.LikesThingColumn} = @entityId)
               WHEN 'comment_like' THEN EXISTS (SELECT 1 FROM {thing.CommentLikes} l WHERE l.user_id = @actor AND l.comment_id = @entityId)
               WHEN 'comment_pin' THEN EXISTS (SELECT 1 FROM {thing.Comments} c WHERE c.id = @entityId AND c.pinned_at IS NOT NULL)
               ELSE {thing.MoreStanding} END
        """;

    public string Name => thing.ConsumerName;

    public bool Handles(string eventType) =>
        eventType == thing.Liked || eventType == thing.Unliked || eventType == thing.CommentCreated || eventType == thing.CommentLiked
        || eventType == thing.CommentUnliked || eventType is MentionEvent or CommentPinning.PinnedEvent or CommentPinning.UnpinnedEvent
        || HandlesMore(eventType) || TakesBackMore(eventType);

    /// <summary>Further events one kind of thing notifies about (reels: reel.created of a remix); they only ever add notices.</summary>
    private protected virtual bool HandlesMore(string eventType) => false;

    /// <summary>The notices such an event asks for, by <paramref name="actor"/> (checked by the insert as any other).</summary>
    private protected virtual IEnumerable<NoticeRequest> MoreNoticesOf(EventEnvelope envelope, Guid actor) => [];

    /// <summary>Further events that take a notice back (reels: reel.unreposted); each ends a run, as an unlike does.</summary>
    private protected virtual bool TakesBackMore(string eventType) => false;

    /// <summary>The notice such an event takes back (its recipient, type and entity), taken back from the event's actor.</summary>
    private protected virtual (Guid Recipient, string Type, Guid EntityId)? MoreWithdrawnBy(EventEnvelope envelope) => null;

    /// <summary>user.mentioned, shared by every area that mentions (each consumer keeps its own entity types).</summary>
    private const string MentionEvent = "user.mentioned";

    private bool TakesBack(string eventType) =>
        eventType == thing.Unliked || eventType == thing.CommentUnliked || eventType == CommentPinning.UnpinnedEvent || TakesBackMore(eventType);

    /// <summary>Events that only add notices share one key (one insert per run); those that take one back end a run.</summary>
    public string? RunKey(EventEnvelope envelope) => TakesBack(envelope.Type) ? null : thing.ConsumerName;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (!TakesBack(envelope.Type))
        {
            await HandleRunAsync([envelope], connection, transaction, ct);
            return;
        }
        if (envelope.ActorId is not { } actor || WithdrawnBy(envelope) is not { } notice) return;
        await connection.ExecuteAsync(new CommandDefinition(_withdraw,
            new { recipient = notice.Recipient, actor, type = notice.Type, entityId = notice.EntityId }, transaction, cancellationToken: ct));
    }

    /// <summary>The notice an unlike or unpin takes back: its recipient, type and entity (none: an unpin of another kind of comment).</summary>
    private (Guid Recipient, string Type, Guid EntityId)? WithdrawnBy(EventEnvelope envelope)
    {
        var p = envelope.Payload;
        if (TakesBackMore(envelope.Type)) return MoreWithdrawnBy(envelope);
        if (envelope.Type == CommentPinning.UnpinnedEvent)
            return CommentPinning.PinnedOf(envelope, thing.EntityComment, thing.ThingKey) is { } unpinned
                ? (unpinned.CommentAuthorId, "comment_pin", unpinned.CommentId) : null;
        return envelope.Type == thing.Unliked
            ? (Id(p, "authorId"), thing.LikeType, Id(p, thing.ThingKey))
            : (Id(p, "commentAuthorId"), "comment_like", Id(p, "commentId"));
    }

    public Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        NoticeBatch.WriteAsync(connection, transaction, time, _insert, run.SelectMany(NoticesOf).ToList(), ct);

    /// <summary>The notices an event asks for (before the checks of the insert).</summary>
    private IEnumerable<NoticeRequest> NoticesOf(EventEnvelope envelope)
    {
        if (envelope.ActorId is not { } actor) yield break;
        var p = envelope.Payload;
        NoticeRequest Of(Guid recipient, string type, string entityType, Guid entityId) =>
            new(recipient, actor, type, entityType, entityId, Id(p, thing.ThingKey), envelope.OccurredAt);
        if (envelope.Type == thing.Liked)
            yield return Of(Id(p, "authorId"), thing.LikeType, thing.EntityThing, Id(p, thing.ThingKey));
        else if (envelope.Type == thing.CommentCreated)
        {
            var comment = Id(p, "commentId");
            var parentAuthor = p.TryGetProperty("parentAuthorId", out var parent) && parent.ValueKind == JsonValueKind.String ? parent.GetGuid() : (Guid?)null;
            if (parentAuthor is { } repliedTo) yield return Of(repliedTo, "reply", thing.EntityComment, comment);
            // The thing's author answered in a thread of their own thing hears of it once, as the one replied to.
            var thingAuthor = Id(p, thing.ThingAuthorKey);
            if (parentAuthor != thingAuthor) yield return Of(thingAuthor, thing.CommentType, thing.EntityComment, comment);
        }
        else if (envelope.Type == thing.CommentLiked)
            yield return Of(Id(p, "commentAuthorId"), "comment_like", thing.EntityComment, Id(p, "commentId"));
        else if (envelope.Type == CommentPinning.PinnedEvent)
        {
            if (CommentPinning.PinnedOf(envelope, thing.EntityComment, thing.ThingKey) is { } pinned)
                yield return Of(pinned.CommentAuthorId, "comment_pin", thing.EntityComment, pinned.CommentId);
        }
        else if (envelope.Type == MentionEvent && IsOurs(p))
            yield return Of(Id(p, "mentionedUserId"), "mention", p.GetProperty("entityType").GetString()!, Id(p, "entityId"));
        else if (HandlesMore(envelope.Type))
            foreach (var notice in MoreNoticesOf(envelope, actor)) yield return notice;
    }

    /// <summary>user.mentioned is shared with posts, stories and the other things: only mentions in our comments (and, for reels, captions).</summary>
    private bool IsOurs(JsonElement payload) =>
        payload.TryGetProperty("entityType", out var type) && type.GetString() is { } entity
        && (entity == thing.EntityComment || (thing.MentionsInThing && entity == thing.EntityThing));

    private static Guid Id(JsonElement payload, string key) => payload.GetProperty(key).GetGuid();
}
