using Fowergram.Platform.Http;
using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Posts;

/// <summary>
/// Reposts (docs/posts.md "Reposts", migration 0183). A repost is shown — on the reposter's tab, in the reposters list, in
/// the count and through followers' feeds — only while it could be made now: the post live and unarchived, its author public
/// and allowing reposts (<see cref="Allowed"/>), and, for each reader, the post visible to them in its own right.
/// </summary>
internal static class RepostsSql
{
    /// <summary>The author's side of a repost of post <c>p</c>: a public account that allows reposts.</summary>
    public static string Allowed(string post = "p") =>
        $"EXISTS (SELECT 1 FROM users ra WHERE ra.id = {post}.user_id AND NOT ra.is_private AND ra.allow_reposts)";

    /// <summary>
    /// What a repost of a post the caller may see needs to know (null when the post is gone), the live post share-locked until
    /// the repost commits: a deletion or purge in flight is waited for, and the post then read again, gone. Without the lock a
    /// soft delete committed in between still got its repost row (the insert's foreign key only key-share locks), and a purge
    /// failed that foreign key: a 500. Its author's row too, as ReelRepostsSql.Target: going private or turning reposts off in
    /// flight is waited for and read as it committed.
    /// </summary>
    /// <summary>The caller's collaborator row of the post (an open invitation or an accepted one), share-locked.</summary>
    public const string LockInvitation = """
        SELECT 1 FROM post_collaborators WHERE post_id = @postId AND user_id = @viewer FOR SHARE
        """;

    public const string Target = """
        SELECT p.user_id AS author_id, u.username AS author_username, u.is_private, u.allow_reposts,
               EXISTS (SELECT 1 FROM post_collaborators pc WHERE pc.post_id = p.id AND pc.user_id = @viewer AND pc.accepted_at IS NOT NULL)
                   AS is_collaborator
          FROM posts p JOIN users u ON u.id = p.user_id
         WHERE p.id = @postId AND p.deleted_at IS NULL
           FOR SHARE OF p, u
        """;

    public const string Insert = """
        INSERT INTO reposts (user_id, post_id, created_at) VALUES (@viewer, @postId, @now) ON CONFLICT DO NOTHING RETURNING true
        """;

    /// <summary>Undoes the caller's repost, whoever may see the post now; answers the post's author.</summary>
    public const string Delete = """
        DELETE FROM reposts r USING posts p WHERE r.user_id = @viewer AND r.post_id = @postId AND p.id = r.post_id RETURNING p.user_id
        """;

    /// <summary>An account's Reposts tab, newest repost first: posts the viewer may see, whose authors still allow it.</summary>
    public static readonly string Tab = $"""
        SELECT p.id, r.created_at
          FROM reposts r JOIN posts p ON p.id = r.post_id
         WHERE r.user_id = @ownerId AND p.deleted_at IS NULL AND NOT p.is_archived AND {Allowed()}
           AND {Visibility.ContentFilter("p.user_id")}
           AND {KeysetSql.Older("r.created_at", "r.post_id")}
         ORDER BY r.created_at DESC, r.post_id DESC LIMIT @take
        """;

    /// <summary>Who reposted a post the viewer may see, newest first: live accounts with no block between them and the viewer.</summary>
    public static readonly string Reposters = $"""
        SELECT u.id, u.username, u.full_name, u.avatar, u.is_verified, r.created_at AS reposted_at
          FROM reposts r JOIN users u ON u.id = r.user_id
         WHERE r.post_id = @postId AND u.deleted_at IS NULL AND u.is_active
           AND EXISTS (SELECT 1 FROM posts p WHERE p.id = @postId AND {Allowed()})
           AND NOT {Visibility.BlockedBetween("@viewer", "u.id")}
           AND {KeysetSql.Older("r.created_at", "r.user_id")}
         ORDER BY r.created_at DESC, r.user_id DESC LIMIT @take
        """;

    /// <summary>The post view's repostCount and isReposted (columns of PostReadSql.Post, over its <c>p</c>).</summary>
    public static readonly string ViewColumns = $"""
        CASE WHEN {Allowed()} THEN (SELECT count(*) FROM reposts rc WHERE rc.post_id = p.id) ELSE 0 END AS repost_count,
               EXISTS (SELECT 1 FROM reposts rv WHERE rv.user_id = @viewer AND rv.post_id = p.id) AS is_reposted
        """;
}

/// <summary>A row of <see cref="RepostsSql.Target"/>.</summary>
internal sealed class RepostTarget
{
    public Guid AuthorId { get; init; }
    public string AuthorUsername { get; init; } = "";
    public bool IsPrivate { get; init; }
    public bool AllowReposts { get; init; }
    public bool IsCollaborator { get; init; }
}

/// <summary>A row of <see cref="RepostsSql.Reposters"/>.</summary>
internal sealed class ReposterRow
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public DateTimeOffset RepostedAt { get; init; }
}
