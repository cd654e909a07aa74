using Fowergram.Platform.Content;

namespace Fowergram.Features.Reels;

/// <summary>Comments of reels: the posts' rules (Features/Comments) over reel_comments (<see cref="CommentThreadSql"/>).</summary>
internal static class ReelCommentsSql
{
    /// <summary>Over reel_comments: reel_comments_reel_top_level for the list, reel_comments_thread for threads.</summary>
    public static readonly CommentThreadSql Thread = new("reel_comments", "reel_id", "reelId");
}

/// <summary>A row of a reel's comment list (<see cref="CommentThreadSql"/>).</summary>
public sealed class ReelCommentRow
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
