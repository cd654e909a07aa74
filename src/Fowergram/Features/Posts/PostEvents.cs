namespace Fowergram.Features.Posts;

/// <summary>
/// Outbox event types of posts and their engagement (the cross-area contract in docs/events.md and
/// docs/posts.md). The feed consumes created/deleted/archived/unarchived/restored: keep names and payloads stable.
/// </summary>
public static class PostEvents
{
    public const string Created = "post.created";
    public const string Deleted = "post.deleted";
    public const string Archived = "post.archived";
    public const string Unarchived = "post.unarchived";
    /// <summary>Brought back from "Recently deleted" by its author: counted, fanned out and shown again as if never deleted.</summary>
    public const string Restored = "post.restored";
    /// <summary>Caption, location, alt text or switches changed (hashtags may have changed).</summary>
    public const string Updated = "post.updated";
    public const string Liked = "post.liked";
    public const string Unliked = "post.unliked";
    public const string Saved = "post.saved";
    public const string Unsaved = "post.unsaved";
    public const string UserMentioned = "user.mentioned";
    /// <summary>Someone was tagged on a post's photo or video (people tags), once per account and post.</summary>
    public const string UserTagged = "user.tagged";
    /// <summary>An invited account accepted to be a collab post's co-author (docs/posts.md "Collab posts"); the feed fans the post out to its followers.</summary>
    public const string CollaboratorAdded = "post.collaborator_added";
    /// <summary>An accepted collaborator left, or the author removed them; the feed takes back what the collaboration brought.</summary>
    public const string CollaboratorRemoved = "post.collaborator_removed";
    /// <summary>An account reposted someone else's post (docs/posts.md "Reposts"); the feed fans it out to the reposter's followers.</summary>
    public const string Reposted = "post.reposted";
    /// <summary>A repost was undone; the feed takes back what it brought and the author's notice goes.</summary>
    public const string Unreposted = "post.unreposted";

    public const string EntityPost = "post";
    public const string EntityComment = "comment";
}

/// <summary>
/// post.created, post.deleted, post.archived, post.unarchived, post.restored, post.updated (actor: the author).
/// <see cref="MusicTrackId"/> names a track the post newly plays: on post.created with music, on post.updated that set another
/// track (post-counters counts it a use, docs/posts.md "Music"); absent otherwise.
/// </summary>
public sealed record PostEvent(Guid PostId, Guid AuthorId, DateTimeOffset CreatedAt, string EntityType, Guid EntityId, Guid? MusicTrackId = null)
{
    public static PostEvent Of(Guid postId, Guid authorId, DateTimeOffset createdAt) =>
        new(postId, authorId, createdAt, PostEvents.EntityPost, postId);
}

/// <summary>post.liked, post.unliked, post.saved, post.unsaved, post.reposted, post.unreposted (actor: the user).</summary>
public sealed record PostUserEvent(Guid PostId, Guid AuthorId, Guid UserId, string EntityType, Guid EntityId)
{
    public static PostUserEvent Of(Guid postId, Guid authorId, Guid userId) =>
        new(postId, authorId, userId, PostEvents.EntityPost, postId);
}

/// <summary>user.mentioned (actor: who wrote the caption or comment). CommentId is absent for a caption.</summary>
public sealed record MentionEvent(Guid MentionedUserId, Guid PostId, Guid? CommentId, string EntityType, Guid EntityId)
{
    public static MentionEvent Of(Guid mentionedUserId, Guid postId, Guid? commentId) => commentId is { } comment
        ? new(mentionedUserId, postId, comment, PostEvents.EntityComment, comment)
        : new(mentionedUserId, postId, null, PostEvents.EntityPost, postId);
}

/// <summary>user.tagged (actor: the post's author).</summary>
public sealed record TagEvent(Guid TaggedUserId, Guid PostId, string EntityType, Guid EntityId)
{
    public static TagEvent Of(Guid taggedUserId, Guid postId) => new(taggedUserId, postId, PostEvents.EntityPost, postId);
}

/// <summary>post.collaborator_added (actor: the collaborator), post.collaborator_removed (actor: who ended it).</summary>
public sealed record CollaboratorEvent(Guid PostId, Guid AuthorId, Guid CollaboratorId, string EntityType, Guid EntityId)
{
    public static CollaboratorEvent Of(Guid postId, Guid authorId, Guid collaboratorId) =>
        new(postId, authorId, collaboratorId, PostEvents.EntityPost, postId);
}
