using Fowergram.Platform.Content;

namespace Fowergram.Features.Comments;

/// <summary>POST /api/v1/posts/{id}/comments. parentId answers a comment (a reply to a reply joins its thread).</summary>
public sealed record CreateCommentRequest(string? Content, Guid? ParentId);

/// <summary>A comment; replyCount (replies the viewer may see) only on top-level comments; isPinned when the post's author pinned it.</summary>
public sealed record CommentView(Guid Id, Guid PostId, Guid? ParentId, UserSummary Author, string Content, long LikeCount,
    bool IsLiked, long? ReplyCount, DateTimeOffset CreatedAt, bool IsPinned)
{
    internal static CommentView Of(CommentThreadRow row) =>
        new(row.Id, row.ThingId, row.ParentId, row.Author, row.Content, row.LikeCount, row.IsLiked, row.ReplyCount, row.CreatedAt, row.IsPinned);
}
