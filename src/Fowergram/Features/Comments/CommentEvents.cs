namespace Fowergram.Features.Comments;

/// <summary>Outbox event types of comments (docs/posts.md).</summary>
public static class CommentEvents
{
    public const string Created = "comment.created";
    public const string Deleted = "comment.deleted";
    /// <summary>Back after a reversed removal (docs/moderation.md "Removed content and appeals"): counted again, nobody notified.</summary>
    public const string Restored = "comment.restored";
    public const string Liked = "comment.liked";
    public const string Unliked = "comment.unliked";
}

/// <summary>
/// comment.created (actor: the commenter) and comment.deleted (actor: who deleted it, the commenter or the
/// post's author). ParentId is the top-level comment a reply belongs to; ParentAuthorId the author of
/// the comment replied to (who gets the 'reply' notification).
/// </summary>
public sealed record CommentEvent(Guid CommentId, Guid PostId, Guid PostAuthorId, Guid CommentAuthorId, Guid? ParentId,
    Guid? ParentAuthorId, string EntityType, Guid EntityId);

/// <summary>comment.liked, comment.unliked (actor: the liker).</summary>
public sealed record CommentLikeEvent(Guid CommentId, Guid CommentAuthorId, Guid PostId, string EntityType, Guid EntityId);
