using Fowergram.Features.Music;
using Fowergram.Platform.Content;

namespace Fowergram.Features.Feed;

/// <summary>
/// One post of the home feed as the reader may see it: the post view of GET /posts/{id} without the
/// owner-only fields, <see cref="IsReposted"/> as the post view's. <see cref="LikeCount"/> is absent when the author hid it (except for the author); <see cref="Collaborators"/>
/// (a collab post's accepted co-authors) when there is none; <see cref="RepostedBy"/> names the account the post came through when
/// it reached the reader by a repost of someone they do not follow (docs/feed.md "Reposts"); <see cref="Music"/> the clip the post
/// plays, as the post view's (docs/posts.md "Music").
/// </summary>
public sealed record FeedItem(
    Guid Id, FeedAuthor Author, string Caption, string? Location, IReadOnlyList<FeedMediaView> Media, long? LikeCount,
    long CommentCount, bool IsLiked, bool IsSaved, bool IsReposted, bool CommentsDisabled, bool LikesDisabled, DateTimeOffset CreatedAt,
    IReadOnlyList<UserSummary>? Collaborators = null, UserSummary? RepostedBy = null, MusicClipView? Music = null);

public sealed record FeedAuthor(Guid Id, string Username, string FullName, string? Avatar, bool IsVerified);

/// <summary>A media item with a read URL valid until <see cref="UrlExpiresAt"/> (minutes); <see cref="Type"/> is image or video.</summary>
public sealed record FeedMediaView(Guid Id, string Type, string Url, DateTimeOffset UrlExpiresAt, string? AltText,
    int? Width, int? Height, int? DurationSeconds);

/// <summary>A post of a page as read from the database, before its read URLs are signed.</summary>
public sealed record FeedPost(
    Guid Id, FeedAuthor Author, string Caption, string? Location, IReadOnlyList<FeedMedia> Media, long? LikeCount,
    long CommentCount, bool IsLiked, bool IsSaved, bool IsReposted, bool CommentsDisabled, bool LikesDisabled, DateTimeOffset CreatedAt,
    IReadOnlyList<UserSummary>? Collaborators, UserSummary? RepostedBy, MusicClipView? Music);

/// <param name="ContentType">The validated type of the object; null for rows written by other tools (not served).</param>
public sealed record FeedMedia(Guid Id, string Type, string ObjectName, string? ContentType, string? AltText,
    int? Width, int? Height, int? DurationSeconds);

/// <summary>A row of <see cref="FeedSql"/>: one post and one of its media items (none when the post has no media row).</summary>
internal sealed class FeedRow
{
    public Guid PostId { get; init; }
    public Guid AuthorId { get; init; }
    public string AuthorUsername { get; init; } = "";
    public string AuthorFullName { get; init; } = "";
    public string? AuthorAvatar { get; init; }
    public bool AuthorIsVerified { get; init; }
    public string Caption { get; init; } = "";
    public string? Location { get; init; }
    public bool CommentsDisabled { get; init; }
    public bool LikesDisabled { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public long? LikeCount { get; init; }
    public long CommentCount { get; init; }
    public bool IsLiked { get; init; }
    public bool IsSaved { get; init; }
    public bool IsReposted { get; init; }
    /// <summary>The accepted collaborators as JSON (Collaborators.JsonOf); null when none.</summary>
    public string? Collaborators { get; init; }
    /// <summary>The reposter to name, as JSON; null for every entry that did not come through a repost of someone the reader does not follow.</summary>
    public string? RepostedBy { get; init; }
    /// <summary>The clip as JSON (MusicClips.JsonOf); null without music.</summary>
    public string? Music { get; init; }
    public Guid? MediaId { get; init; }
    public string? MediaType { get; init; }
    public string? MediaBlobName { get; init; }
    public string? MediaContentType { get; init; }
    public string? MediaAltText { get; init; }
    public int? MediaWidth { get; init; }
    public int? MediaHeight { get; init; }
    public int? MediaDuration { get; init; }
}
