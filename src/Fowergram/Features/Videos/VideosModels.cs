using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Videos;

/// <summary>POST /api/v1/videos. Everything nullable so a missing field is a validation error that names it.</summary>
public sealed record CreateVideoRequest(Guid? UploadId, string? Title, string? Description, int? DurationSeconds, Guid? SeriesId, bool? Published,
    bool? CommentsDisabled = null);

/// <summary>The video itself: a read URL valid until urlExpiresAt (minutes).</summary>
public sealed record VideoFileView(string Url, DateTimeOffset UrlExpiresAt, string ContentType);

/// <summary>The series a video belongs to.</summary>
public sealed record VideoSeriesRef(Guid Id, string Title);

/// <summary>
/// GET /api/v1/videos/{id}. viewCount counts accounts that watched it (the owner's own views are not counted); likeCount
/// and commentCount what igtv-counters has applied (moments behind a like or comment), shareCount the direct messages that
/// carry it (as igtv-counters last recounted them); isLiked whether the caller likes it (false for guests).
/// </summary>
public sealed record VideoView(Guid Id, UserSummary Author, string Title, string Description, VideoFileView? Video, VideoFileView? Thumbnail, int DurationSeconds,
    VideoSeriesRef? Series, bool IsPublished, DateTimeOffset? PublishedAt, long ViewCount, long? LikeCount, bool IsLiked, long CommentCount,
    long? ShareCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool CommentsDisabled);

/// <summary>POST /api/v1/videos/{id}/comments: parentId answers a comment (a reply to a reply joins its thread).</summary>
public sealed record CreateVideoCommentRequest(string? Content, Guid? ParentId);

/// <summary>
/// A comment on a video; replyCount (replies the viewer may see) only on top-level comments; likeCount as igtv-counters last
/// recounted it, isLiked whether the viewer likes it.
/// </summary>
public sealed record VideoCommentView(Guid Id, Guid VideoId, Guid? ParentId, UserSummary Author, string Content, long LikeCount, bool IsLiked,
    long? ReplyCount, DateTimeOffset CreatedAt, bool IsPinned);

/// <summary>POST /api/v1/series.</summary>
public sealed record CreateSeriesRequest(string? Title, string? Description);

/// <summary>A series; videoCount counts the videos in it the caller may see (the owner's drafts only for the owner).</summary>
public sealed record SeriesView(Guid Id, UserSummary Owner, string Title, string Description, long VideoCount, VideoFileView? Cover,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>PUT /api/v1/series/{id}/order: every live video of the series (drafts included), each once, in episode order.</summary>
public sealed record ReorderSeriesRequest(IReadOnlyList<Guid>? VideoIds);

/// <summary>
/// GET /api/v1/series/{id}: the series and a page of its videos in episode order (the published ones; the owner also sees
/// their drafts, which they order with the rest).
/// </summary>
public sealed record SeriesWithVideos(SeriesView Series, Page<VideoView> Videos);
