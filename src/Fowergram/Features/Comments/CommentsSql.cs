using Fowergram.Platform.Content;
using Fowergram.Platform.Visibility;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Comments;

internal static class CommentsSql
{
    /// <summary>Comments of deleted or deactivated accounts, and of anyone with a block between them and the viewer, are hidden.</summary>
    private static readonly string AuthorVisible =
        $"u.deleted_at IS NULL AND u.is_active AND NOT {Visibility.BlockedBetween("@viewer", "u.id")}";

    /// <summary>Held comments (CommentHolding, migration 0105) only to their writer, who is not told they are held.</summary>
    private static string Shown(string alias) => CommentHolding.ShownTo("@viewer", alias);

    private static readonly string ReplyCount = $"""
        (SELECT count(*) FROM comments r JOIN users u ON u.id = r.user_id
         WHERE r.post_id = c.post_id AND r.parent_id = c.id AND r.deleted_at IS NULL
           AND {Shown("r")} AND {AuthorVisible})
        """;

    // Rows are CommentThreadRows, as the reels' and videos' threads read (CommentView.Of).
    // The viewer's like as a scalar probe per comment: an EXISTS here may be planned (prepared statements
    // get generic plans) as a hash of every comment like the viewer ever gave (see FeedSql's flagged).
    private const string Columns = """
        c.id, c.post_id AS thing_id, c.parent_id, c.user_id AS author_id, u.username, u.full_name, u.avatar, u.is_verified, c.content, c.created_at,
        c.pinned_at IS NOT NULL AS is_pinned,
        coalesce(s.like_count, 0) AS like_count,
        (SELECT true FROM comment_likes l WHERE l.comment_id = c.id AND l.user_id = @viewer) IS NOT NULL AS is_liked
        """;

    /// <summary>Top-level comments that are not pinned, newest first; the pinned lead the first page (<see cref="Pinned"/>).</summary>
    public static readonly string TopLevel = $"""
        SELECT {Columns}, {ReplyCount} AS reply_count
        FROM comments c JOIN users u ON u.id = c.user_id LEFT JOIN comment_stats s ON s.comment_id = c.id
        WHERE c.post_id = @postId AND c.parent_id IS NULL AND c.deleted_at IS NULL AND c.pinned_at IS NULL AND {Shown("c")} AND {AuthorVisible}
          AND {KeysetSql.Older("c.created_at", "c.id")}
        ORDER BY c.created_at DESC, c.id DESC LIMIT @take
        """;

    /// <summary>A post's live pinned comments the viewer may see, most recently pinned first (comments_post_pinned).</summary>
    public static readonly string Pinned = $"""
        SELECT {Columns}, {ReplyCount} AS reply_count
        FROM comments c JOIN users u ON u.id = c.user_id LEFT JOIN comment_stats s ON s.comment_id = c.id
        WHERE c.post_id = @postId AND c.pinned_at IS NOT NULL AND c.deleted_at IS NULL AND {AuthorVisible}
        ORDER BY c.pinned_at DESC, c.id DESC
        """;


    /// <summary>Replies play oldest first, as in a thread.</summary>
    public static readonly string Replies = $"""
        SELECT {Columns}, NULL::bigint AS reply_count
        FROM comments c JOIN users u ON u.id = c.user_id LEFT JOIN comment_stats s ON s.comment_id = c.id
        WHERE c.post_id = @postId AND c.parent_id = @parentId AND c.deleted_at IS NULL AND {Shown("c")} AND {AuthorVisible}
          AND {KeysetSql.Newer("c.created_at", "c.id")}
        ORDER BY c.created_at, c.id LIMIT @take
        """;

    public static readonly string One = $"""
        SELECT {Columns}, CASE WHEN c.parent_id IS NULL THEN {ReplyCount} END AS reply_count
        FROM comments c JOIN users u ON u.id = c.user_id LEFT JOIN comment_stats s ON s.comment_id = c.id
        WHERE c.id = @commentId
        """;

    /// <summary>
    /// A live comment of the post whose author the viewer may see (parents, likes), and whether its thread's top-level
    /// comment is held (a reply there is held too: shown, it would count and notify where nobody else can reach it).
    /// </summary>
    public static readonly string FindVisible = $"""
        SELECT c.id, c.parent_id, c.user_id AS author_id,
               (SELECT t.held_at IS NOT NULL FROM comments t WHERE t.id = coalesce(c.parent_id, c.id)) AS thread_held
        FROM comments c JOIN users u ON u.id = c.user_id
        WHERE c.id = @commentId AND c.post_id = @postId AND c.deleted_at IS NULL AND {Shown("c")} AND {AuthorVisible}
        """;

    /// <summary>The post's live held comments whose writers the viewer (its author) may see, newest first (comments_post_held).</summary>
    public static readonly string Held = $"""
        SELECT {Columns}, CASE WHEN c.parent_id IS NULL THEN {ReplyCount} END AS reply_count
        FROM comments c JOIN users u ON u.id = c.user_id LEFT JOIN comment_stats s ON s.comment_id = c.id
        WHERE c.post_id = @postId AND c.held_at IS NOT NULL AND c.deleted_at IS NULL AND {AuthorVisible}
          AND {KeysetSql.Older("c.created_at", "c.id")}
        ORDER BY c.created_at DESC, c.id DESC LIMIT @take
        """;

    /// <summary>
    /// The thread a reply joins (the answered comment's top-level one), share-locked before the answered comment is looked
    /// up: a deletion of the thread in flight (<see cref="LockForRemoval"/>) commits first and the reply finds it gone (404);
    /// one coming after waits for the reply and takes it with the rest. Unlocked, the reply stayed live, and counted, under a
    /// deleted comment.
    /// </summary>
    public const string LockThread = """
        SELECT t.id FROM comments c JOIN comments t ON t.id = coalesce(c.parent_id, c.id)
        WHERE c.id = @commentId AND c.post_id = @postId FOR SHARE OF t
        """;

    /// <summary>Run before <see cref="SoftDelete"/>: waits for replies being written under the comment (<see cref="LockThread"/>).</summary>
    public const string LockForRemoval = "SELECT id FROM comments WHERE id = @commentId AND post_id = @postId FOR NO KEY UPDATE";

    /// <summary>A live comment of the post, whoever wrote it (the post's author may delete any).</summary>
    public const string FindLive = """
        SELECT c.id, c.parent_id, c.user_id AS author_id FROM comments c
        WHERE c.id = @commentId AND c.post_id = @postId AND c.deleted_at IS NULL
        """;

    /// <summary>
    /// The post's author when @callerId wrote this live comment of it, whatever the caller may see of the post: the way out
    /// for a commenter it is hidden from (CommentActionsApi.Delete).
    /// </summary>
    public const string FindOwnOnAnyPost = """
        SELECT p.user_id FROM comments c JOIN posts p ON p.id = c.post_id
        WHERE c.id = @commentId AND c.post_id = @postId AND c.user_id = @callerId AND c.deleted_at IS NULL
        """;

    public const string Insert = """
        INSERT INTO comments (id, post_id, user_id, parent_id, content, created_at, updated_at, held_at)
        VALUES (@id, @postId, @authorId, @parentId, @content, @now, @now, @heldAt);
        INSERT INTO comment_stats (comment_id, updated_at) VALUES (@id, @now);
        """;

    public const string InsertMentions = """
        INSERT INTO comment_mentions (comment_id, user_id, created_at)
        SELECT @commentId, u, @now FROM unnest(@userIds::uuid[]) AS u ON CONFLICT DO NOTHING
        RETURNING user_id
        """;

    /// <summary>A top-level comment takes its replies with it, as on Instagram.</summary>
    public const string SoftDelete = """
        UPDATE comments SET deleted_at = @now, updated_at = @now
        WHERE post_id = @postId AND deleted_at IS NULL AND (id = @commentId OR parent_id = @commentId)
        RETURNING id, parent_id, user_id AS author_id, held_at IS NOT NULL AS held
        """;

    public const string Like = """
        INSERT INTO comment_likes (user_id, comment_id, created_at) VALUES (@viewer, @commentId, @now)
        ON CONFLICT (user_id, comment_id) DO NOTHING
        """;

    public const string Unlike = "DELETE FROM comment_likes WHERE user_id = @viewer AND comment_id = @commentId";

    /// <summary>The viewer's like of the post's comment, whatever they may see of either; answers the comment's author.</summary>
    public const string UnlikeOwnAnywhere = """
        DELETE FROM comment_likes l USING comments c
        WHERE l.user_id = @viewer AND l.comment_id = @commentId AND c.id = l.comment_id AND c.post_id = @postId
        RETURNING c.user_id
        """;
}

internal sealed class CommentRef
{
    public Guid Id { get; init; }
    public Guid? ParentId { get; init; }
    public Guid AuthorId { get; init; }

    /// <summary>Held for the post's author to review (CommentHolding): it raised nothing, so its deletion raises nothing.</summary>
    public bool Held { get; init; }

    /// <summary>Its thread's top-level comment (itself, for a top-level one) is held: a reply to it is held too (FindVisible).</summary>
    public bool ThreadHeld { get; init; }
}
