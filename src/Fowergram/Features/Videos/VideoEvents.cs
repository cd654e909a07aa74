namespace Fowergram.Features.Videos;

/// <summary>
/// Outbox event types of long-form videos (docs/videos.md). igtv-counters consumes viewed, liked, unliked and the comment
/// events, igtv-notifications liked, unliked, comment created and user.mentioned of comments, activity-log logs them all;
/// keep names and payloads stable. Every payload carries videoId, which is how igtv-counters and the tests find a
/// video's events, and entityType 'igtv_video' (the type can_view_entity knows).
/// </summary>
public static class VideoEvents
{
    public const string Created = "igtv_video.created";
    public const string Updated = "igtv_video.updated";
    public const string Published = "igtv_video.published";
    public const string Unpublished = "igtv_video.unpublished";
    public const string Deleted = "igtv_video.deleted";
    /// <summary>Brought back from "Recently deleted" by its author (activity-log records it; nobody is notified anew).</summary>
    public const string Restored = "igtv_video.restored";
    /// <summary>A view that counted: the viewer's first view of the video (igtv_views, migration 0071).</summary>
    public const string Viewed = "igtv_video.viewed";
    /// <summary>A like that really changed a row (igtv_likes, migration 0079): igtv-counters recounts, igtv-notifications notifies.</summary>
    public const string Liked = "igtv_video.liked";
    public const string Unliked = "igtv_video.unliked";
    /// <summary>The video was sent in a direct message, or such a message unsent (migration 0083): igtv-counters recounts shares.</summary>
    public const string Shared = "igtv_video.shared";
    public const string Unshared = "igtv_video.unshared";
    /// <summary>Comments (igtv_comments, migration 0080): igtv-counters recounts, igtv-notifications notifies.</summary>
    public const string CommentCreated = "igtv_comment.created";
    public const string CommentDeleted = "igtv_comment.deleted";
    /// <summary>Back after a reversed removal (docs/moderation.md): counted again, nobody notified.</summary>
    public const string CommentRestored = "igtv_comment.restored";
    /// <summary>A comment like that really changed a row (igtv_comment_likes, migration 0082).</summary>
    public const string CommentLiked = "igtv_comment.liked";
    public const string CommentUnliked = "igtv_comment.unliked";

    public const string EntityVideo = "igtv_video";
    public const string EntityComment = "igtv_comment";
}

/// <summary>igtv_video.created/updated/published/unpublished/deleted (actor: the author; none in a purge); viewed (actor: the viewer).</summary>
public sealed record VideoEvent(Guid VideoId, Guid AuthorId, string EntityType, Guid EntityId)
{
    public static VideoEvent Of(Guid videoId, Guid authorId) => new(videoId, authorId, VideoEvents.EntityVideo, videoId);
}

/// <summary>igtv_video.liked, igtv_video.unliked (actor: the liker); the author is filled in by the statement that likes.</summary>
public sealed record VideoLikeEvent(Guid VideoId, Guid AuthorId, Guid UserId, string EntityType, Guid EntityId)
{
    public static VideoLikeEvent Of(Guid videoId, Guid userId) => new(videoId, Guid.Empty, userId, VideoEvents.EntityVideo, videoId);
}

/// <summary>
/// igtv_comment.created (actor: the commenter) and igtv_comment.deleted (actor: who deleted it; none in a purge). ParentId is
/// the top-level comment a reply belongs to; ParentAuthorId the author of the comment replied to (who gets the reply
/// notice). The entity is the video: notices and activity rows point at what a reader opens.
/// </summary>
public sealed record VideoCommentEvent(Guid CommentId, Guid VideoId, Guid VideoAuthorId, Guid CommentAuthorId, Guid? ParentId,
    Guid? ParentAuthorId, string EntityType, Guid EntityId)
{
    public static VideoCommentEvent Of(Guid commentId, Guid videoId, Guid videoAuthorId, Guid commentAuthorId, Guid? parentId, Guid? parentAuthorId) =>
        new(commentId, videoId, videoAuthorId, commentAuthorId, parentId, parentAuthorId, VideoEvents.EntityVideo, videoId);
}

/// <summary>igtv_video.shared, igtv_video.unshared (actor: the sender; none in a purge): the message that carries, or carried, the video.</summary>
public sealed record VideoShareEvent(Guid VideoId, Guid MessageId, string EntityType, Guid EntityId)
{
    public static VideoShareEvent Of(Guid videoId, Guid messageId) => new(videoId, messageId, VideoEvents.EntityVideo, videoId);
}

/// <summary>igtv_comment.liked, igtv_comment.unliked (actor: the liker); CommentAuthorId hears of a like. The entity is the video.</summary>
public sealed record VideoCommentLikeEvent(Guid CommentId, Guid VideoId, Guid CommentAuthorId, string EntityType, Guid EntityId)
{
    public static VideoCommentLikeEvent Of(Guid commentId, Guid videoId, Guid commentAuthorId) =>
        new(commentId, videoId, commentAuthorId, VideoEvents.EntityVideo, videoId);
}

/// <summary>
/// user.mentioned about a comment on a video (actor: the writer). The event type is shared with posts, reels and stories;
/// each notifications consumer takes only its own entity types (here 'igtv_comment').
/// </summary>
public sealed record VideoMentionEvent(Guid MentionedUserId, Guid VideoId, Guid CommentId, string EntityType, Guid EntityId)
{
    public const string Type = "user.mentioned";

    public static VideoMentionEvent Of(Guid mentionedUserId, Guid videoId, Guid commentId) =>
        new(mentionedUserId, videoId, commentId, VideoEvents.EntityComment, commentId);
}
