using Fowergram.Platform.Http;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Reels;

/// <summary>Comments of reels: the posts' rules (Features/Comments) over reel_comments.</summary>
internal static class ReelCommentsSql
{
    /// <summary>Comments of deleted or deactivated accounts, and of anyone with a block between them and the viewer, are hidden.</summary>
    private static readonly string AuthorVisible =
        $"u.deleted_at IS NULL AND u.is_active AND NOT {VisibilityPolicy.BlockedBetween("@viewer", "u.id")}";

    /// <summary>Replies the viewer may see (reel_comments_thread).</summary>
    private static readonly string ReplyCount = $"""
        (SELECT count(*) FROM reel_comments rc JOIN users u ON u.id = rc.user_id
         WHERE rc.reel_id = c.reel_id AND rc.parent_id = c.id AND rc.deleted_at IS NULL AND {AuthorVisible})
        """;

    private const string Columns = """
        c.id, c.reel_id, c.parent_id, c.user_id AS author_id, u.username, u.full_name, u.avatar, u.is_verified, c.content, c.created_at
        """;

    /// <summary>Top-level comments, newest first (reel_comments_reel_top_level).</summary>
    public static readonly string TopLevel = $"""
        SELECT {Columns}, {ReplyCount} AS reply_count
        FROM reel_comments c JOIN users u ON u.id = c.user_id
        WHERE c.reel_id = @reelId AND c.parent_id IS NULL AND c.deleted_at IS NULL AND {AuthorVisible}
          AND {KeysetSql.Older("c.created_at", "c.id")}
        ORDER BY c.created_at DESC, c.id DESC LIMIT @take
        """;

    /// <summary>Replies play oldest first, as in a thread (reel_comments_thread).</summary>
    public static readonly string Replies = $"""
        SELECT {Columns}, NULL::bigint AS reply_count
        FROM reel_comments c JOIN users u ON u.id = c.user_id
        WHERE c.reel_id = @reelId AND c.parent_id = @parentId AND c.deleted_at IS NULL AND {AuthorVisible}
          AND {KeysetSql.Newer("c.created_at", "c.id")}
        ORDER BY c.created_at, c.id LIMIT @take
        """;

    public static readonly string One = $"""
        SELECT {Columns}, CASE WHEN c.parent_id IS NULL THEN {ReplyCount} END AS reply_count
        FROM reel_comments c JOIN users u ON u.id = c.user_id
        WHERE c.id = @commentId
        """;

    /// <summary>A live comment of the reel whose author the viewer may see (parents of replies).</summary>
    public static readonly string FindVisible = $"""
        SELECT c.id, c.parent_id, c.user_id AS author_id FROM reel_comments c JOIN users u ON u.id = c.user_id
        WHERE c.id = @commentId AND c.reel_id = @reelId AND c.deleted_at IS NULL AND {AuthorVisible}
        """;

    /// <summary>A live comment of the reel, whoever wrote it (the reel's author may delete any).</summary>
    public const string FindLive = """
        SELECT c.id, c.parent_id, c.user_id AS author_id FROM reel_comments c
        WHERE c.id = @commentId AND c.reel_id = @reelId AND c.deleted_at IS NULL
        """;

    public const string Insert = """
        INSERT INTO reel_comments (id, reel_id, user_id, parent_id, content, created_at, updated_at)
        VALUES (@id, @reelId, @authorId, @parentId, @content, @now, @now)
        """;

    /// <summary>A top-level comment takes its replies with it, as on Instagram.</summary>
    public const string SoftDelete = """
        UPDATE reel_comments SET deleted_at = @now, updated_at = @now
        WHERE reel_id = @reelId AND deleted_at IS NULL AND (id = @commentId OR parent_id = @commentId)
        RETURNING id, parent_id, user_id AS author_id
        """;
}

internal sealed class ReelCommentRef
{
    public Guid Id { get; init; }
    public Guid? ParentId { get; init; }
    public Guid AuthorId { get; init; }
}

internal sealed class ReelCommentRow
{
    public Guid Id { get; init; }
    public Guid ReelId { get; init; }
    public Guid? ParentId { get; init; }
    public Guid AuthorId { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public string Content { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public long? ReplyCount { get; init; }

    public ReelCommentView ToView() => new(Id, ReelId, ParentId, new(AuthorId, Username, FullName, Avatar, IsVerified), Content, ReplyCount, CreatedAt);
}
