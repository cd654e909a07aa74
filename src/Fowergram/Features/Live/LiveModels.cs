using Fowergram.Platform.Content;

namespace Fowergram.Features.Live;

/// <summary>POST /api/v1/live. Everything nullable so a missing field is a validation error that names it.</summary>
public sealed record CreateLiveRequest(string? Title, string? Description, DateTimeOffset? ScheduledAt);

/// <summary>POST /api/v1/live/{id}/comments.</summary>
public sealed record CreateLiveCommentRequest(string? Content);

/// <summary>
/// A broadcast as the caller may see it. status: scheduled (not started yet; scheduledAt null means "ready, no time set"),
/// live, ended, cancelled. playbackUrl only while live; ingestUrl only to the broadcaster. isReminderSet: the caller asked
/// to be reminded; reminderCount (the broadcaster only): how many did.
/// </summary>
public sealed record LiveStreamView(Guid Id, UserSummary Broadcaster, string Title, string Description, string Status,
    DateTimeOffset? ScheduledAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, long ViewerCount, long PeakViewerCount,
    long CommentCount, string? PlaybackUrl, string? IngestUrl, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    bool IsReminderSet, long? ReminderCount, LiveCommentView? PinnedComment = null);

/// <summary>201 of POST /api/v1/live: the broadcast and its stream key — shown this once; only its SHA-256 is kept.</summary>
public sealed record CreatedLiveStream(LiveStreamView Stream, string IngestUrl, string StreamKey);

/// <summary>GET /live/popular: live broadcasts the caller may see, most watched first.</summary>
public sealed record PopularLiveStreams(IReadOnlyList<LiveStreamView> Items);

public sealed record LiveCommentView(Guid Id, UserSummary Author, string Content, DateTimeOffset CreatedAt);

/// <summary>A guest of a broadcast (docs/live.md "Guests"): joined (on the air) or, for the broadcaster, invited.</summary>
public sealed record LiveGuestView(UserSummary User, string Status, DateTimeOffset InvitedAt, DateTimeOffset? JoinedAt);

/// <summary>POST /live/{id}/guest/accept: the broadcast, and where and with which key (shown this once) the guest's camera pushes.</summary>
public sealed record JoinedAsGuest(LiveStreamView Stream, string IngestUrl, string StreamKey);
