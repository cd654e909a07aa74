namespace Fowergram.Features.Reels;

/// <summary>POST /users/me/scheduled-reels: a reel as POST /reels takes it, and when to publish it.</summary>
/// <remarks>
/// <see cref="PublishAt"/> is ISO 8601 with an offset ("2026-12-24T18:00:00Z"), read by <see cref="Platform.Http.Instants"/>.
/// <see cref="Trial"/> and <see cref="TrialAutoShare"/> are read only to refuse them: a scheduled reel cannot be a trial (docs/reels.md
/// "Trial reels"), and a client asking for one must hear so rather than have a reel shown to its followers.
/// </remarks>
public sealed record ScheduleReelRequest(string? PublishAt, Guid? UploadId, string? Caption, Guid? AudioTrackId, int? DurationSeconds, int? Width,
    int? Height, bool? CommentsDisabled, bool? LikesDisabled, Guid? RemixOfId, bool? AllowRemix, string? Location, bool? Trial = null,
    bool? TrialAutoShare = null)
{
    internal CreateReelRequest Reel =>
        new(UploadId, Caption, AudioTrackId, DurationSeconds, Width, Height, CommentsDisabled, LikesDisabled, RemixOfId, AllowRemix, Location);
}

/// <summary>The claimed video of a scheduled reel, as its owner sees it: readable by a short-lived URL, with what the claim measured.</summary>
public sealed record ScheduledReelVideo(Guid UploadId, string Url, DateTimeOffset UrlExpiresAt, string ContentType, int DurationSeconds, int Width,
    int Height);

/// <summary>
/// A reel waiting for its time; only its owner sees it. allowRemix absent: the account's switch when it is published.
/// Whether the sound and the remixed reel may still be used is decided again when it is published. <see cref="Failure"/>
/// says why the last attempt to publish it failed, until an edit or a later run succeeds.
/// </summary>
public sealed record ScheduledReelView(Guid Id, DateTimeOffset PublishAt, string Caption, string? Location, bool CommentsDisabled, bool LikesDisabled,
    bool? AllowRemix, Guid? AudioTrackId, Guid? RemixOfId, ScheduledReelVideo Video, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    ScheduledReelFailure? Failure = null);

/// <summary>When the scheduled-reels job last failed to publish the reel, and why.</summary>
public sealed record ScheduledReelFailure(DateTimeOffset At, string Reason);

/// <summary>GET /users/me/scheduled-reels: all of them (at most <see cref="ScheduledReelRules.MaxPending"/>), soonest first.</summary>
public sealed record ScheduledReelList(IReadOnlyList<ScheduledReelView> Items);
