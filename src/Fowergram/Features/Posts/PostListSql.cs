using Fowergram.Platform.Visibility;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Posts;

/// <summary>Keyset pages: each returns the page's ids and positions (LIMIT @take = limit + 1), newest first.</summary>
internal static class PostListSql
{
    /// <summary>
    /// The grid below its pinned posts, which <see cref="Pinned"/> puts on top of the first page instead: the owner's posts
    /// and the collab posts the owner accepted to co-author (docs/posts.md "Collab posts"). A collab post's audience is its
    /// author's, so it is shown only when @viewer may see the author's content (a private author's to their approved
    /// followers only), whoever the grid's owner is. Each branch reads its own top @take (the owner's by
    /// posts_author_timeline; the collaborations by post_collaborators_user, few per account, sorted), and the page is their top.
    /// </summary>
    public static readonly string Grid = $"""
        (SELECT p.id, p.created_at FROM posts p
          WHERE p.user_id = @ownerId AND p.deleted_at IS NULL AND NOT p.is_archived AND p.pinned_at IS NULL
            AND {KeysetSql.Older("p.created_at", "p.id")}
          ORDER BY p.created_at DESC, p.id DESC LIMIT @take)
        UNION ALL
        (SELECT p.id, p.created_at FROM post_collaborators pc JOIN posts p ON p.id = pc.post_id
          WHERE pc.user_id = @ownerId AND pc.accepted_at IS NOT NULL AND p.deleted_at IS NULL AND NOT p.is_archived
            AND {Visibility.ContentFilter("p.user_id")}
            AND {KeysetSql.Older("p.created_at", "p.id")}
          ORDER BY p.created_at DESC, p.id DESC LIMIT @take)
        ORDER BY created_at DESC, id DESC LIMIT @take
        """;

    /// <summary>The grid's pinned posts, the latest pinned first (posts_pinned).</summary>
    public static readonly string Pinned = $"""
        SELECT p.id FROM posts p
        WHERE p.user_id = @ownerId AND p.pinned_at IS NOT NULL AND p.deleted_at IS NULL AND NOT p.is_archived
        ORDER BY p.pinned_at DESC, p.id DESC LIMIT {PinsApi.MaxPinned}
        """;

    /// <summary>
    /// Posts @ownerId is tagged in, each visible to @viewer by its author (media_user_tags_user finds the tags; an
    /// account is tagged in far fewer posts than it could page through, so the semi-join reads them all).
    /// </summary>
    public static readonly string Tagged = $"""
        SELECT p.id, p.created_at FROM posts p
        WHERE p.id IN (SELECT pm.post_id FROM media_user_tags t JOIN post_media pm ON pm.id = t.media_id WHERE t.user_id = @ownerId)
          AND p.deleted_at IS NULL AND NOT p.is_archived
          AND {Visibility.ContentFilter("p.user_id")}
          AND {KeysetSql.Older("p.created_at", "p.id")}
        ORDER BY p.created_at DESC, p.id DESC LIMIT @take
        """;

    public static readonly string Archived = $"""
        SELECT p.id, p.created_at FROM posts p
        WHERE p.user_id = @viewer AND p.deleted_at IS NULL AND p.is_archived
          AND {KeysetSql.Older("p.created_at", "p.id")}
        ORDER BY p.created_at DESC, p.id DESC LIMIT @take
        """;

    /// <summary>Likers the viewer may see (likes_post).</summary>
    public static readonly string Likers = WhoLiked.Sql(("likes", "post_id"), "postId");
}
