using Fowergram.Platform.Http;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Platform.Content;

/// <summary>
/// The SQL of comment threads on one kind of thing, the posts' rules (Features/Comments) over a table shaped like
/// reel_comments: one level of replies (<c>parent_id</c> is the thread's top-level comment), soft deletion, comments of
/// deleted or deactivated accounts and of anyone with a block between them and the viewer hidden, and held comments
/// (<see cref="CommentHolding"/>, migration 0105) shown only to their writer. Rows are
/// <see cref="CommentThreadRow"/>s (the thing's column as <c>thing_id</c>); statements bind <c>@{parameter}</c> for the thing
/// and @viewer.
/// </summary>
/// <param name="table">reel_comments, igtv_comments.</param>
/// <param name="column">The thing's column: reel_id, video_id.</param>
/// <param name="parameter">Its parameter name: reelId, videoId.</param>
/// <param name="likes">The comments' likes (user_id, comment_id, created_at): reel_comment_likes, igtv_comment_likes.</param>
internal sealed class CommentThreadSql(string table, string column, string parameter, string likes, string things, string entityType)
{
    /// <summary>What notices and events call one of these comments: comment, reel_comment, igtv_comment.</summary>
    public string EntityType => entityType;

    /// <summary>The name the statements bind the thing's id by.</summary>
    public string Parameter => parameter;

    /// <summary><paramref name="more"/> and the thing's id under <see cref="Parameter"/>: the arguments of these statements.</summary>
    public Dapper.DynamicParameters Args(Guid thingId, object more)
    {
        var args = new Dapper.DynamicParameters(more);
        args.Add(parameter, thingId);
        return args;
    }

    private static readonly string AuthorVisible =
        $"u.deleted_at IS NULL AND u.is_active AND NOT {VisibilityPolicy.BlockedBetween("@viewer", "u.id")}";

    /// <summary>Held comments (<see cref="CommentHolding"/>) only to their writer, who is not told they are held.</summary>
    private static string Shown(string alias) => CommentHolding.ShownTo("@viewer", alias);

    /// <summary>Replies the viewer may see (the thread index).</summary>
    private string ReplyCount => $"""
        (SELECT count(*) FROM {table} rc JOIN users u ON u.id = rc.user_id
         WHERE rc.{column} = c.{column} AND rc.parent_id = c.id AND rc.deleted_at IS NULL AND {Shown("rc")} AND {AuthorVisible})
        """;

    /// <summary>The viewer's like is probed once per comment (a hash of all the viewer's likes would grow with them; see FeedSql).</summary>
    private string Columns => $"""
        c.id, c.{column} AS thing_id, c.parent_id, c.user_id AS author_id, u.username, u.full_name, u.avatar, u.is_verified, c.content,
        c.like_count, (SELECT true FROM {likes} l WHERE l.user_id = @viewer AND l.comment_id = c.id) IS NOT NULL AS is_liked, c.created_at,
        c.pinned_at IS NOT NULL AS is_pinned
        """;

    /// <summary>Top-level comments that are not pinned, newest first (the top-level index); the pinned lead the first page.</summary>
    public string TopLevel => $"""
        SELECT {Columns}, {ReplyCount} AS reply_count
        FROM {table} c JOIN users u ON u.id = c.user_id
        WHERE c.{column} = @{parameter} AND c.parent_id IS NULL AND c.deleted_at IS NULL AND c.pinned_at IS NULL AND {Shown("c")} AND {AuthorVisible}
          AND {KeysetSql.Older("c.created_at", "c.id")}
        ORDER BY c.created_at DESC, c.id DESC LIMIT @take
        """;

    /// <summary>Replies read oldest first, as in a thread (the thread index); binds @parentId.</summary>
    public string Replies => $"""
        SELECT {Columns}, NULL::bigint AS reply_count
        FROM {table} c JOIN users u ON u.id = c.user_id
        WHERE c.{column} = @{parameter} AND c.parent_id = @parentId AND c.deleted_at IS NULL AND {Shown("c")} AND {AuthorVisible}
          AND {KeysetSql.Newer("c.created_at", "c.id")}
        ORDER BY c.created_at, c.id LIMIT @take
        """;

    /// <summary>One comment as the viewer sees it (just written); binds @commentId.</summary>
    public string One => $"""
        SELECT {Columns}, CASE WHEN c.parent_id IS NULL THEN {ReplyCount} END AS reply_count
        FROM {table} c JOIN users u ON u.id = c.user_id
        WHERE c.id = @commentId
        """;

    /// <summary>
    /// The thread a reply joins (the answered comment's top-level one), share-locked before the answered comment is looked up:
    /// a removal of the thread in flight (<see cref="LockForRemoval"/>) commits first and the reply finds it gone (404); one
    /// coming after waits for the reply and takes it with the rest. Binds @commentId.
    /// </summary>
    public string LockThread => $"""
        SELECT t.id FROM {table} c JOIN {table} t ON t.id = coalesce(c.parent_id, c.id)
        WHERE c.id = @commentId AND c.{column} = @{parameter} FOR SHARE OF t
        """;

    /// <summary>Run before <see cref="SoftDelete"/>: waits for replies being written under the comment (<see cref="LockThread"/>).</summary>
    public string LockForRemoval => $"SELECT id FROM {table} WHERE id = @commentId AND {column} = @{parameter} FOR NO KEY UPDATE";

    /// <summary>A live comment of the thing whose author the viewer may see (parents of replies); binds @commentId.</summary>
    public string FindVisible => $"""
        SELECT c.id, c.parent_id, c.user_id AS author_id,
               (SELECT t.held_at IS NOT NULL FROM {table} t WHERE t.id = coalesce(c.parent_id, c.id)) AS thread_held
        FROM {table} c JOIN users u ON u.id = c.user_id
        WHERE c.id = @commentId AND c.{column} = @{parameter} AND c.deleted_at IS NULL AND {Shown("c")} AND {AuthorVisible}
        """;

    /// <summary>A live comment of the thing, whoever wrote it (the thing's author may delete any); binds @commentId.</summary>
    public string FindLive => $"""
        SELECT c.id, c.parent_id, c.user_id AS author_id FROM {table} c
        WHERE c.id = @commentId AND c.{column} = @{parameter} AND c.deleted_at IS NULL
        """;

    /// <summary>
    /// The thing's author, when @commentId is the caller's (@callerId) own live comment on it, whoever may see the thing now
    /// (deleted, a block, gone private): the way out of a thing hidden from its commenter (CommentsSql.FindOwnOnAnyPost).
    /// </summary>
    public string FindOwnOnAnyThing => $"""
        SELECT t.user_id FROM {table} c JOIN {things} t ON t.id = c.{column}
        WHERE c.id = @commentId AND c.{column} = @{parameter} AND c.user_id = @callerId AND c.deleted_at IS NULL
        """;

    /// <summary>Binds @id, @authorId, @parentId (the thread, or null), @content, @now, @heldAt (null: shown).</summary>
    public string Insert => $"""
        INSERT INTO {table} (id, {column}, user_id, parent_id, content, created_at, updated_at, held_at)
        VALUES (@id, @{parameter}, @authorId, @parentId, @content, @now, @now, @heldAt)
        """;

    /// <summary>
    /// The thing's live held comments whose writers the viewer (its owner) may see, newest first (the held index,
    /// migration 0105).
    /// </summary>
    public string Held => $"""
        SELECT {Columns}, CASE WHEN c.parent_id IS NULL THEN {ReplyCount} END AS reply_count
        FROM {table} c JOIN users u ON u.id = c.user_id
        WHERE c.{column} = @{parameter} AND c.held_at IS NOT NULL AND c.deleted_at IS NULL AND {AuthorVisible}
          AND {KeysetSql.Older("c.created_at", "c.id")}
        ORDER BY c.created_at DESC, c.id DESC LIMIT @take
        """;

    /// <summary>
    /// The writer of comment <c>c</c> is one the approving owner (@callerId) may see, as the review list (<see cref="Held"/>)
    /// shows them: not deleted, not deactivated, no block either way. What the list hides is not approved (a 404, as pinning
    /// one: docs/comments.md "Held comments"); shown, it would count and notify about a comment nobody can see.
    /// </summary>
    private static readonly string WriterReviewable = $"""
        EXISTS (SELECT 1 FROM users w WHERE w.id = c.user_id AND w.deleted_at IS NULL AND w.is_active
                 AND NOT {VisibilityPolicy.BlockedBetween("@callerId", "w.id")})
        """;

    /// <summary>
    /// A live comment of the thing whose writer the owner may still see (binds @commentId, @callerId): whether it is held,
    /// and whether the comment it answers is.
    /// </summary>
    public string HoldState => $"""
        SELECT c.held_at IS NOT NULL AS is_held, coalesce((SELECT t.held_at IS NOT NULL FROM {table} t WHERE t.id = c.parent_id), false) AS parent_held
          FROM {table} c WHERE c.id = @commentId AND c.{column} = @{parameter} AND c.deleted_at IS NULL AND {WriterReviewable}
        """;

    /// <summary>
    /// Shows a live held comment of the thing (binds @commentId, @now, @callerId): its writer, thread and text, and the thread's
    /// top-level author (who hears of a reply); no row when it is not held, not live, not the thing's, or its writer went out
    /// of the owner's sight meanwhile (deactivated; a block takes the pair's lock, not the thing's).
    /// </summary>
    public string Approve => $"""
        UPDATE {table} c SET held_at = NULL, updated_at = @now
         WHERE c.id = @commentId AND c.{column} = @{parameter} AND c.deleted_at IS NULL AND c.held_at IS NOT NULL AND {WriterReviewable}
        RETURNING c.id, c.parent_id, c.user_id AS author_id, c.content,
                  (SELECT t.user_id FROM {table} t WHERE t.id = c.parent_id) AS parent_author_id
        """;

    /// <summary>Idempotent: answers 1 only when the like is new; binds @viewer, @commentId, @now.</summary>
    public string Like => $"""
        INSERT INTO {likes} (user_id, comment_id, created_at) VALUES (@viewer, @commentId, @now)
        ON CONFLICT (user_id, comment_id) DO NOTHING
        """;

    /// <summary>Answers 1 only when there was a like to remove; binds @viewer, @commentId.</summary>
    public string Unlike => $"DELETE FROM {likes} WHERE user_id = @viewer AND comment_id = @commentId";

    /// <summary>
    /// Takes the viewer's like off a comment of the thing whoever may see either now; answers the comment's writer (no row:
    /// there was no like). Binds @viewer, @commentId (CommentsSql.UnlikeOwnAnywhere).
    /// </summary>
    public string UnlikeOwnAnywhere => $"""
        DELETE FROM {likes} l USING {table} c
        WHERE l.user_id = @viewer AND l.comment_id = @commentId AND c.id = l.comment_id AND c.{column} = @{parameter}
        RETURNING c.user_id
        """;

    /// <summary>
    /// The comment's like_count from its rows (the likes index): the counters consumers' recount, right whatever order or
    /// duplicates the events come in; binds @commentId. Callers hold <see cref="LockLikeCount"/> first.
    /// </summary>
    public string RecountLikes => $"""
        UPDATE {table} c SET like_count = (SELECT count(*) FROM {likes} l WHERE l.comment_id = c.id)
        WHERE c.id = @commentId AND c.like_count IS DISTINCT FROM (SELECT count(*) FROM {likes} l WHERE l.comment_id = c.id)
        """;

    /// <summary>
    /// A transaction-level advisory lock on the comment's count: the recount that runs after it sees every recount that
    /// finished before the lock was granted, so the last event handled leaves the true count.
    /// </summary>
    public string LockLikeCount => $"SELECT pg_advisory_xact_lock(hashtext('{likes}'), hashtext(@commentId::text))";

    /// <summary>
    /// Up to @limit of a purged account's (@userId) comment likes, removed as its unlikes would be: each with its comment's
    /// thing and author, for the unlike events (<see cref="RemovedCommentLike"/>).
    /// </summary>
    public string RemoveLikesOf => $"""
        DELETE FROM {likes} l
         USING {table} c
         WHERE l.user_id = @userId AND c.id = l.comment_id
           AND l.comment_id IN (SELECT comment_id FROM {likes} WHERE user_id = @userId LIMIT @limit)
        RETURNING l.comment_id, c.{column} AS thing_id, c.user_id AS comment_author_id
        """;

    /// <summary>
    /// Run before <see cref="RemoveCommentsOf"/>, as <see cref="LockForRemoval"/> before a deletion: the batch's top-level
    /// comments locked, so a reply being written under one (<see cref="LockThread"/>) commits first and is deleted with it,
    /// instead of staying live (and counted) under a deleted comment. Both pick by id: the top-level comments among the
    /// removal's first @limit are the earliest ones, which this locked.
    /// </summary>
    public string LockThreadsOf => $"""
        SELECT id FROM {table} WHERE user_id = @userId AND deleted_at IS NULL AND parent_id IS NULL ORDER BY id LIMIT @limit FOR NO KEY UPDATE
        """;

    /// <summary>
    /// Up to @limit of a purged account's (@userId) live comments soft-deleted at @now with their replies, as its deletions
    /// would be: each with its thing and the thing's author, for the deletion events (<see cref="RemovedComment"/>; none for a
    /// held one, which raised nothing when written). The
    /// outer deleted_at test is checked again after a concurrent run's update: each comment is deleted (and raised) once.
    /// </summary>
    public string RemoveCommentsOf => $"""
        WITH pick AS (SELECT id, {column} FROM {table} WHERE user_id = @userId AND deleted_at IS NULL ORDER BY id LIMIT @limit)
        UPDATE {table} c SET deleted_at = @now, updated_at = @now
          FROM pick
         WHERE c.{column} = pick.{column} AND (c.id = pick.id OR c.parent_id = pick.id) AND c.deleted_at IS NULL
        RETURNING c.id, c.{column} AS thing_id, (SELECT t.user_id FROM {things} t WHERE t.id = c.{column}) AS thing_author_id,
                  c.user_id AS author_id, c.parent_id, c.held_at IS NOT NULL AS held
        """;

    /// <summary>The thing's live pinned comments the viewer may see, most recently pinned first (the pinned index, migration 0101).</summary>
    public string Pinned => $"""
        SELECT {Columns}, {ReplyCount} AS reply_count
        FROM {table} c JOIN users u ON u.id = c.user_id
        WHERE c.{column} = @{parameter} AND c.pinned_at IS NOT NULL AND c.deleted_at IS NULL AND {AuthorVisible}
        ORDER BY c.pinned_at DESC, c.id DESC
        """;

    /// <summary>The caller's (@callerId) own live thing, locked so that pins of one thing take turns (the limit).</summary>
    public string LockOwnThing => $"SELECT id FROM {things} WHERE id = @{parameter} AND user_id = @callerId AND deleted_at IS NULL FOR NO KEY UPDATE";

    /// <summary>
    /// A pin's writer the thing's author (@callerId) can see: live, no block either way, as their comment list shows it
    /// (<see cref="AuthorVisible"/> with the author as viewer).
    /// </summary>
    private static readonly string PinSeen = $"u.deleted_at IS NULL AND u.is_active AND NOT {VisibilityPolicy.BlockedBetween("@callerId", "u.id")}";

    /// <summary>
    /// A live comment of the thing: whether it is a reply, whether it is pinned, and whether the thing's author (@callerId)
    /// can see its writer (a pin needs that, an unpin does not); binds @commentId.
    /// </summary>
    public string PinTarget => $"""
        SELECT c.parent_id, c.user_id AS author_id, c.pinned_at IS NOT NULL AS is_pinned, c.held_at IS NOT NULL AS is_held,
               {PinSeen} AS is_seen
          FROM {table} c JOIN users u ON u.id = c.user_id
         WHERE c.id = @commentId AND c.{column} = @{parameter} AND c.deleted_at IS NULL
        """;

    /// <summary>The thing's live pins, and how many of them the thing's author (@callerId) sees in their list.</summary>
    public string PinnedCount => $"""
        SELECT count(*) AS total, count(*) FILTER (WHERE {PinSeen}) AS seen
          FROM {table} c JOIN users u ON u.id = c.user_id
         WHERE c.{column} = @{parameter} AND c.pinned_at IS NOT NULL AND c.deleted_at IS NULL
        """;

    /// <summary>
    /// Unpins the thing's live pins whose writers its author (@callerId) cannot see (deactivated, a block either way): run
    /// when a pin the author can see needs their place. Answers each with its writer, for the unpin events.
    /// </summary>
    public string UnpinUnseen => $"""
        UPDATE {table} c SET pinned_at = NULL FROM users u
         WHERE u.id = c.user_id AND c.{column} = @{parameter} AND c.pinned_at IS NOT NULL AND c.deleted_at IS NULL AND NOT ({PinSeen})
        RETURNING c.id, c.user_id AS author_id
        """;

    /// <summary>Pins a live comment not pinned yet (a second pin keeps the first one's time); binds @commentId, @now.</summary>
    public string Pin => $"""
        UPDATE {table} SET pinned_at = @now WHERE id = @commentId AND {column} = @{parameter} AND deleted_at IS NULL AND pinned_at IS NULL
        """;

    public string Unpin => $"UPDATE {table} SET pinned_at = NULL WHERE id = @commentId AND {column} = @{parameter} AND pinned_at IS NOT NULL";

    /// <summary>A live comment's thing and that thing's author, whoever may see them (a moderator's takedown); binds @commentId.</summary>
    public string Owning => $"""
        SELECT c.{column} AS thing_id, t.user_id AS thing_author_id FROM {table} c JOIN {things} t ON t.id = c.{column}
         WHERE c.id = @commentId AND c.deleted_at IS NULL
        """;

    /// <summary>
    /// The thing of a removed comment (binds @targetId), locked as pins lock it (<see cref="LockOwnThing"/>), run on its own
    /// before <see cref="Reinstate"/>: that statement's snapshot, taken once the lock is held, then counts every pin committed
    /// before it, and no pin can pass the limit while the comment comes back.
    /// </summary>
    public string LockThingOf => $"SELECT t.id FROM {things} t JOIN {table} c ON c.{column} = t.id WHERE c.id = @targetId FOR NO KEY UPDATE OF t";

    /// <summary>
    /// A reply's comment (@targetId the reply), share-locked after <see cref="LockThingOf"/> as <see cref="LockThread"/> locks it for a
    /// new reply: a removal of it in flight commits first and <see cref="Reinstate"/> finds it gone; one coming after waits
    /// and takes the reply with it. Unlocked, the reply came back live under the comment removed meanwhile.
    /// </summary>
    public string LockParentOf => $"SELECT pc.id FROM {table} c JOIN {table} pc ON pc.id = c.parent_id WHERE c.id = @targetId FOR SHARE OF pc";

    /// <summary>
    /// A removed comment back (a reversed appeal, docs/moderation.md) with the replies its removal took — those deleted at the
    /// same moment — while its thing is up, its writer's account is not deleted and, for a reply, the comment it answers is up
    /// (deleted since, it took its live replies with it: one back under it could be read by nobody); answers the rows back.
    /// The removal kept a pin; it comes back pinned only while it fits under <see cref="CommentPinning.Max"/> (the author may
    /// have pinned others meanwhile), else unpinned. Run after <see cref="LockThingOf"/>.
    /// </summary>
    public string Reinstate => $"""
        WITH target AS (
            SELECT c.id, c.{column} AS thing_id, c.deleted_at, t.user_id AS thing_author_id,
                   (SELECT count(*) FROM {table} p WHERE p.{column} = c.{column} AND p.pinned_at IS NOT NULL AND p.deleted_at IS NULL)
                       >= {CommentPinning.Max} AS pins_full
              FROM {table} c JOIN {things} t ON t.id = c.{column}
             WHERE c.id = @targetId AND c.deleted_at IS NOT NULL AND t.deleted_at IS NULL
               AND EXISTS (SELECT 1 FROM users a WHERE a.id = c.user_id AND a.deleted_at IS NULL)
               AND (c.parent_id IS NULL OR EXISTS (SELECT 1 FROM {table} pc WHERE pc.id = c.parent_id AND pc.deleted_at IS NULL)))
        UPDATE {table} c SET deleted_at = NULL, updated_at = @now, pinned_at = CASE WHEN t.pins_full THEN NULL ELSE c.pinned_at END FROM target t
         WHERE c.{column} = t.thing_id AND (c.id = t.id OR c.parent_id = t.id) AND c.deleted_at = t.deleted_at
        RETURNING c.id, c.parent_id, c.user_id AS author_id, c.held_at IS NOT NULL AS held, t.thing_id, t.thing_author_id
        """;

    /// <summary>A top-level comment takes its replies with it, as on Instagram; answers the rows deleted.</summary>
    public string SoftDelete => $"""
        UPDATE {table} SET deleted_at = @now, updated_at = @now
        WHERE {column} = @{parameter} AND deleted_at IS NULL AND (id = @commentId OR parent_id = @commentId)
        RETURNING id, parent_id, user_id AS author_id, held_at IS NOT NULL AS held
        """;
}

/// <summary>A comment as a thread's lists read it; replyCount only on top-level comments.</summary>
public sealed class CommentThreadRow
{
    public Guid Id { get; init; }
    public Guid ThingId { get; init; }
    public Guid? ParentId { get; init; }
    public Guid AuthorId { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public string Content { get; init; } = "";
    public long LikeCount { get; init; }
    public bool IsLiked { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public long? ReplyCount { get; init; }
    public bool IsPinned { get; init; }

    public UserSummary Author => new(AuthorId, Username, FullName, Avatar, IsVerified);
}

/// <summary>A comment like a purge removed (<see cref="CommentThreadSql.RemoveLikesOf"/>).</summary>
public sealed record RemovedCommentLike(Guid CommentId, Guid ThingId, Guid CommentAuthorId);

/// <summary>A comment a purge removed (<see cref="CommentThreadSql.RemoveCommentsOf"/>), with its thing and the thing's author.</summary>
public sealed record RemovedComment(Guid Id, Guid ThingId, Guid ThingAuthorId, Guid AuthorId, Guid? ParentId, bool Held);
