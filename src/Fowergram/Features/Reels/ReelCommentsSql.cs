using Fowergram.Platform.Content;

namespace Fowergram.Features.Reels;

/// <summary>Comments of reels: the posts' rules (Features/Comments) over reel_comments (<see cref="CommentThreadSql"/>).</summary>
internal static class ReelCommentsSql
{
    private static readonly CommentThreadSql Thread = new("reel_comments", "reel_id", "reelId");

    /// <summary>Top-level comments, newest first (reel_comments_reel_top_level).</summary>
    public static readonly string TopLevel = Thread.TopLevel;

    /// <summary>Replies play oldest first, as in a thread (reel_comments_thread).</summary>
    public static readonly string Replies = Thread.Replies;

    public static readonly string One = Thread.One;

    /// <summary>A live comment of the reel whose author the viewer may see (parents of replies).</summary>
    public static readonly string FindVisible = Thread.FindVisible;

    /// <summary>A live comment of the reel, whoever wrote it (the reel's author may delete any).</summary>
    public static readonly string FindLive = Thread.FindLive;

    public static readonly string Insert = Thread.Insert;

    /// <summary>A top-level comment takes its replies with it, as on Instagram.</summary>
    public static readonly string SoftDelete = Thread.SoftDelete;
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
