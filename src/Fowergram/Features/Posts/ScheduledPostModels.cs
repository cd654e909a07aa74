using Fowergram.Features.Music;

namespace Fowergram.Features.Posts;

/// <summary>POST /users/me/scheduled-posts: a post as POST /posts takes it, and when to publish it.</summary>
/// <remarks><see cref="PublishAt"/> is ISO 8601 with an offset ("2026-12-24T18:00:00Z"), read by <see cref="Platform.Http.Instants"/>.</remarks>
/// <param name="Collaborators">Usernames invited to co-author the post when it is published (docs/posts.md "Scheduled posts").</param>
public sealed record SchedulePostRequest(string? PublishAt, List<PostMediaRequest?>? Media, string? Caption, string? Location,
    bool? CommentsDisabled, bool? LikesDisabled, Guid? MusicTrackId = null, int? MusicStartSeconds = null, List<string?>? Collaborators = null)
{
    internal CreatePostRequest Post => new(Media, Caption, Location, CommentsDisabled, LikesDisabled, Collaborators, MusicTrackId, MusicStartSeconds);
}

/// <summary>A media item of a scheduled post, as its owner sees it: the claimed upload, readable by a short-lived URL.</summary>
public sealed record ScheduledMediaView(Guid UploadId, string Type, string Url, DateTimeOffset UrlExpiresAt, string? AltText,
    int? Width, int? Height, int? DurationSeconds, IReadOnlyList<UserTagView> UserTags);

/// <summary>
/// A post waiting for its time; only its owner sees it. Tags name accounts as written: who may be tagged is decided when it
/// is published. <see cref="Failure"/> says why the last attempt to publish it failed, until an edit or a later run succeeds.
/// <see cref="Music"/> is the clip it will play, absent without one or while its track is out of the catalogue (then it cannot be
/// published until its music is changed or removed). <see cref="Collaborators"/> names the accounts to be invited to co-author
/// it when it is published (absent when none), as written.
/// </summary>
public sealed record ScheduledPostView(Guid Id, DateTimeOffset PublishAt, string Caption, string? Location, bool CommentsDisabled,
    bool LikesDisabled, IReadOnlyList<ScheduledMediaView> Media, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    ScheduledPostFailure? Failure = null, MusicClipView? Music = null, IReadOnlyList<string>? Collaborators = null);

/// <summary>When the scheduled-posts job last failed to publish the post, and why.</summary>
public sealed record ScheduledPostFailure(DateTimeOffset At, string Reason);

/// <summary>GET /users/me/scheduled-posts: all of them (at most <see cref="ScheduledPostRules.MaxPending"/>), soonest first.</summary>
public sealed record ScheduledPostList(IReadOnlyList<ScheduledPostView> Items);
