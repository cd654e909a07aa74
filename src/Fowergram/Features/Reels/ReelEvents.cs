namespace Fowergram.Features.Reels;

/// <summary>
/// Outbox event types of reels (docs/reels.md). reel-counters and reel-notifications consume them, activity-log logs
/// them; keep names and payloads stable. Every payload carries reelId, which is how reel-counters and the tests find
/// a reel's events.
/// </summary>
public static class ReelEvents
{
    public const string Created = "reel.created";
    public const string Updated = "reel.updated";
    public const string Deleted = "reel.deleted";
    /// <summary>Brought back from "Recently deleted" by its author: reel-counters recounts as for a new reel; nobody is notified.</summary>
    public const string Restored = "reel.restored";
    /// <summary>A trial reel shared with its author's followers (docs/reels.md "Trial reels"): new_reel for those who asked, as reel.created.</summary>
    public const string TrialShared = "reel.trial_shared";
    public const string Liked = "reel.liked";
    public const string Unliked = "reel.unliked";
    /// <summary>A play that counted (see reel_views, migration 0068); firstView when it made the caller a viewer.</summary>
    public const string Played = "reel.played";
    public const string CommentCreated = "reel_comment.created";
    public const string CommentDeleted = "reel_comment.deleted";
    /// <summary>Back after a reversed removal (docs/moderation.md): counted again, nobody notified.</summary>
    public const string CommentRestored = "reel_comment.restored";
    /// <summary>A save that really changed a row (saved_reels, migration 0084): reel-counters recounts saves.</summary>
    public const string Saved = "reel.saved";
    public const string Unsaved = "reel.unsaved";
    /// <summary>The reel was sent in a direct message, or such a message unsent (migration 0083): reel-counters recounts shares.</summary>
    public const string Shared = "reel.shared";
    public const string Unshared = "reel.unshared";
    /// <summary>An account reposted someone else's reel (docs/reels.md "Reposts", reel_reposts, migration 0184): the author is told.</summary>
    public const string Reposted = "reel.reposted";
    /// <summary>A reel repost was undone (or its reposter purged): the author's notice goes.</summary>
    public const string Unreposted = "reel.unreposted";
    /// <summary>A comment like that really changed a row (reel_comment_likes, migration 0082).</summary>
    public const string CommentLiked = "reel_comment.liked";
    public const string CommentUnliked = "reel_comment.unliked";

    public const string EntityReel = "reel";
    public const string EntityComment = "reel_comment";
}

/// <summary>
/// reel.created, reel.updated, reel.deleted (actor: the author). AudioTrackId: the sound whose usage count may change. RemixOf,
/// on reel.created of a remix only: the reel remixed and its author, who hears of it (reel-notifications, docs/reels.md "Remixes").
/// ChangedHashtagIds, on reel.updated of a caption edit that changed the reel's tags only: the hashtags it added or took off,
/// whose reel counts reel-counters recounts (a tag taken off is no longer in reel_hashtags, so only the event can name it).
/// </summary>
public sealed record ReelEvent(Guid ReelId, Guid AuthorId, Guid? AudioTrackId, string EntityType, Guid EntityId, ReelEventRemix? RemixOf = null,
    Guid[]? ChangedHashtagIds = null)
{
    public static ReelEvent Of(Guid reelId, Guid authorId, Guid? audioTrackId) => new(reelId, authorId, audioTrackId, ReelEvents.EntityReel, reelId);
}

/// <summary>The reel a new reel remixes (ReelId) and that reel's author.</summary>
public sealed record ReelEventRemix(Guid ReelId, Guid AuthorId);

/// <summary>reel.liked, reel.unliked (actor: the liker); the author is filled in by the statement that likes.</summary>
public sealed record ReelLikeEvent(Guid ReelId, Guid AuthorId, Guid UserId, string EntityType, Guid EntityId)
{
    public static ReelLikeEvent Of(Guid reelId, Guid userId) => new(reelId, Guid.Empty, userId, ReelEvents.EntityReel, reelId);
}

/// <summary>reel.saved, reel.unsaved (actor: the saver); the author is filled in by the statement that saves.</summary>
public sealed record ReelSaveEvent(Guid ReelId, Guid AuthorId, Guid UserId, string EntityType, Guid EntityId)
{
    public static ReelSaveEvent Of(Guid reelId, Guid userId) => new(reelId, Guid.Empty, userId, ReelEvents.EntityReel, reelId);
}

/// <summary>reel.reposted, reel.unreposted (actor: the reposter; none in a purge): AuthorId, the reel's author, hears of it.</summary>
public sealed record ReelRepostEvent(Guid ReelId, Guid AuthorId, Guid UserId, string EntityType, Guid EntityId)
{
    public static ReelRepostEvent Of(Guid reelId, Guid authorId, Guid userId) => new(reelId, authorId, userId, ReelEvents.EntityReel, reelId);
}

/// <summary>reel.played (actor: the viewer); firstView is filled in by the statement that records the play.</summary>
public sealed record ReelPlayEvent(Guid ReelId, bool FirstView, string EntityType, Guid EntityId)
{
    public static ReelPlayEvent Of(Guid reelId) => new(reelId, false, ReelEvents.EntityReel, reelId);
}

/// <summary>
/// reel_comment.created (actor: the commenter) and reel_comment.deleted (actor: who deleted it). ParentId is the
/// top-level comment a reply belongs to; ParentAuthorId the author of the comment replied to (who gets the reply notice).
/// </summary>
public sealed record ReelCommentEvent(Guid CommentId, Guid ReelId, Guid ReelAuthorId, Guid CommentAuthorId, Guid? ParentId,
    Guid? ParentAuthorId, string EntityType, Guid EntityId);

/// <summary>reel.shared, reel.unshared (actor: the sender; none in a purge): the message that carries, or carried, the reel.</summary>
public sealed record ReelShareEvent(Guid ReelId, Guid MessageId, string EntityType, Guid EntityId)
{
    public static ReelShareEvent Of(Guid reelId, Guid messageId) => new(reelId, messageId, ReelEvents.EntityReel, reelId);
}

/// <summary>reel_comment.liked, reel_comment.unliked (actor: the liker); CommentAuthorId hears of a like.</summary>
public sealed record ReelCommentLikeEvent(Guid CommentId, Guid ReelId, Guid CommentAuthorId, string EntityType, Guid EntityId)
{
    public static ReelCommentLikeEvent Of(Guid commentId, Guid reelId, Guid commentAuthorId) =>
        new(commentId, reelId, commentAuthorId, ReelEvents.EntityComment, commentId);
}

/// <summary>
/// user.mentioned about a reel's caption or a comment on a reel (actor: the writer). The event type is shared with posts
/// and stories; each notifications consumer takes only its own entity types (here 'reel' and 'reel_comment').
/// </summary>
public sealed record ReelMentionEvent(Guid MentionedUserId, Guid ReelId, Guid? CommentId, string EntityType, Guid EntityId)
{
    public const string Type = "user.mentioned";

    public static ReelMentionEvent Of(Guid mentionedUserId, Guid reelId, Guid? commentId) => commentId is { } comment
        ? new(mentionedUserId, reelId, comment, ReelEvents.EntityComment, comment)
        : new(mentionedUserId, reelId, null, ReelEvents.EntityReel, reelId);
}
