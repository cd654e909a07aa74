using Fowergram.Platform.Content;

namespace Fowergram.Features.Reels;

/// <summary>
/// POST /api/v1/reels. Everything nullable so a missing field is a validation error that names it. remixOfId: the reel this
/// one remixes (docs/reels.md "Remixes"); allowRemix: whether others may remix this one (default: the author's account switch);
/// location: a place, free text as on posts (docs/reels.md "Places"). trial: shown first to accounts that do not follow the author
/// only, and trialAutoShare: shared with the followers when the trial ends if it did well enough (docs/reels.md "Trial reels").
/// </summary>
public sealed record CreateReelRequest(Guid? UploadId, string? Caption, Guid? AudioTrackId, int? DurationSeconds, int? Width, int? Height,
    bool? CommentsDisabled, bool? LikesDisabled, Guid? RemixOfId, bool? AllowRemix, string? Location, bool? Trial = null, bool? TrialAutoShare = null);

/// <summary>The reel's video: a read URL valid until urlExpiresAt (minutes).</summary>
public sealed record ReelVideoView(string Url, DateTimeOffset UrlExpiresAt, string ContentType);

/// <summary>The sound a reel uses.</summary>
public sealed record AudioTrackSummary(Guid Id, string Title, string Artist, int DurationSeconds);

/// <summary>
/// GET /api/v1/reels/{id}. likeCount is absent for others when the author hid like counts; viewCount counts accounts
/// that watched, playCount the plays that counted (docs/reels.md "Views"), shareCount the direct messages that carry it.
/// isSaved whether the caller saved it; saveCount how many accounts saved it, for its author only (as Instagram's insights).
/// cover: the picture its author chose (docs/reels.md "Covers"), when there is one. remixOf: the reel this one remixes, only
/// while the viewer may see that reel; allowRemix: the author's "Allow remixing" of this reel, and canRemix whether this
/// viewer may remix it now (signed in; their own reel, or a public author's with both switches on: docs/reels.md "Remixes"),
/// remixCount its live remixes as reel-counters last counted them;
/// location: its place, when it has one. trial: for its author only, when the reel was posted as a trial (docs/reels.md
/// "Trial reels"); nobody else is told a reel is a trial. repostCount counts the reposts shown (none while the author is private
/// or does not allow reposts), isReposted whether the caller reposted it (docs/reels.md "Reposts"). repostedBy: only in the
/// following tab, on a reel placed there by a followed account's repost (docs/reels.md "Following").
/// </summary>
public sealed record ReelView(Guid Id, UserSummary Author, string Caption, ReelVideoView? Video, int DurationSeconds, int Width, int Height,
    AudioTrackSummary? Audio, long? LikeCount, long CommentCount, long ViewCount, long PlayCount, long? ShareCount, bool IsLiked,
    bool CommentsDisabled, bool LikesDisabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool IsSaved, long? SaveCount,
    ReelVideoView? Cover, RemixedReel? RemixOf, bool AllowRemix, string? Location, bool CanRemix, long RemixCount, ReelTrial? Trial = null,
    long RepostCount = 0, bool IsReposted = false, UserSummary? RepostedBy = null);

/// <summary>The reel a remix was made from: its id and author.</summary>
public sealed record RemixedReel(Guid Id, UserSummary Author);

/// <summary>PUT /api/v1/users/me/reel-remixes: whether others may remix the caller's reels (and the default of new reels).</summary>
public sealed record ReelRemixesSwitch(bool? Allowed);

public sealed record ReelRemixesView(bool Allowed);

/// <summary>POST /api/v1/reels/{id}/comments. parentId answers a comment (a reply to a reply joins its thread).</summary>
public sealed record CreateReelCommentRequest(string? Content, Guid? ParentId);

/// <summary>
/// A comment on a reel; replyCount (replies the viewer may see) only on top-level comments; likeCount as reel-counters last
/// recounted it, isLiked whether the viewer likes it.
/// </summary>
public sealed record ReelCommentView(Guid Id, Guid ReelId, Guid? ParentId, UserSummary Author, string Content, long LikeCount, bool IsLiked,
    long? ReplyCount, DateTimeOffset CreatedAt, bool IsPinned);

/// <summary>GET /api/v1/reels/trending: the top reels of the window, best first.</summary>
public sealed record TrendingReels(IReadOnlyList<ReelView> Items);

/// <summary>GET /api/v1/audio/{id}/reels: the sound, how many live reels use it, and a page of those the caller may see.</summary>
/// <summary>A sound in the caller's saved audio (migration 0133), with how many reels use it and when it was saved.</summary>
public sealed record SavedAudio(AudioTrackSummary Audio, long ReelCount, DateTimeOffset SavedAt);

public sealed record AudioReels(AudioTrackSummary Audio, long ReelCount, Fowergram.Platform.Http.Page<ReelView> Reels);
