using Fowergram.Features.Music;
using Fowergram.Platform.Content;

namespace Fowergram.Features.Posts;

/// <summary>POST /api/v1/posts. Everything nullable so a missing field is a validation error that names it.</summary>
/// <param name="Collaborators">Usernames invited to be the post's co-authors when it is created (docs/posts.md "Collab posts").</param>
/// <param name="MusicTrackId">A catalogue track the post plays while it is on screen (docs/posts.md "Music").</param>
/// <param name="MusicStartSeconds">Where in the track the clip starts (0 by default); only with a track.</param>
public sealed record CreatePostRequest(List<PostMediaRequest?>? Media, string? Caption, string? Location,
    bool? CommentsDisabled, bool? LikesDisabled, List<string?>? Collaborators = null, Guid? MusicTrackId = null, int? MusicStartSeconds = null);

public sealed record PostMediaRequest(Guid? UploadId, string? AltText, int? Width, int? Height, int? DurationSeconds,
    List<UserTagRequest?>? UserTags);

/// <summary>A person tagged at (x, y), both relative to the media's size, in [0, 1].</summary>
public sealed record UserTagRequest(string? Username, double? X, double? Y);

public sealed record UserTagView(string Username, double X, double Y);

/// <summary>A media item of a post; url is a read URL valid until urlExpiresAt (minutes).</summary>
public sealed record PostMediaView(Guid Id, string Type, string Url, DateTimeOffset UrlExpiresAt, string? AltText,
    int? Width, int? Height, int? DurationSeconds, IReadOnlyList<UserTagView> UserTags);

/// <summary>
/// GET /api/v1/posts/{id}. likeCount is absent for others when the author hid like counts. repostCount counts the reposts shown
/// (none while the author is private or does not allow reposts); isReposted says whether the caller reposted it. music is the
/// clip the post plays, absent without one or once its track left the catalogue.
/// </summary>
public sealed record PostView(Guid Id, UserSummary Author, string Caption, string? Location, IReadOnlyList<PostMediaView> Media,
    long? LikeCount, long CommentCount, bool IsLiked, bool IsSaved, bool CommentsDisabled, bool LikesDisabled,
    bool IsArchived, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<UserSummary>? Collaborators = null,
    long RepostCount = 0, bool IsReposted = false, MusicClipView? Music = null);
