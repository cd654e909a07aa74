namespace Fowergram.Features.Moderation;

/// <summary>POST /api/v1/reports: what is reported (targetType and targetId), why (reason) and, optionally, more words.</summary>
public sealed record CreateReportRequest(string? TargetType, Guid? TargetId, string? Reason, string? Details);

/// <summary>
/// A report as its reporter sees it: status open, reviewing, actioned or dismissed (resolvedAt once closed); action, when
/// an actioned report's target was removed or its account suspended.
/// </summary>
public sealed record ReportView(Guid Id, string TargetType, Guid TargetId, string Reason, string? Details, string Status, string? Action,
    DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt);

/// <summary>
/// A report in the moderators' queue: who reported it (null once their account is gone), how many reports the target has,
/// and whether its open reports limit it now (docs/moderation.md "Limited while in review").
/// </summary>
public sealed record QueuedReport(Guid Id, string TargetType, Guid TargetId, string Reason, string? Details, string Status,
    string? Reporter, long TargetReportCount, bool TargetLimited, DateTimeOffset CreatedAt);

/// <summary>
/// A report as a moderator reads it (GET /api/v1/moderation/reports/{id}): the queue's fields, what closing it decided
/// (notes, the moderator, the action), and the target as it is now (null when nothing of it is left).
/// </summary>
public sealed record ModeratedReport(Guid Id, string TargetType, Guid TargetId, string Reason, string? Details, string Status, string? Action,
    string? Reporter, long TargetReportCount, bool TargetLimited, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, string? Notes,
    string? ResolvedBy, ReportTargetView? Target);

/// <summary>
/// The reported thing now: its author (username), its words, when it was made, whether it is down (deleted, ended, or its
/// account gone), and its media in order as short-lived signed URLs (absent when it has none).
/// </summary>
public sealed record ReportTargetView(string Author, string? Text, DateTimeOffset CreatedAt, bool Removed)
{
    public IReadOnlyList<ReportMediaView>? Media { get; init; }
}

/// <summary>One photo or video of a reported thing: a read URL signed for the moderator, until when it works, and its type.</summary>
public sealed record ReportMediaView(string Url, DateTimeOffset ExpiresAt, string ContentType);

/// <summary>
/// POST /api/v1/moderation/reports/{id}/resolve: outcome actioned or dismissed, notes for the record, and remove: true (with
/// actioned) to take the target down (an account: suspend it), closing every open report of that target with it.
/// </summary>
public sealed record ResolveReportRequest(string? Outcome, string? Notes, bool? Remove);

internal sealed class ReportRow
{
    public Guid Id { get; init; }
    public string TargetType { get; init; } = "";
    public Guid TargetId { get; init; }
    public string Reason { get; init; } = "";
    public string? Details { get; init; }
    public string Status { get; init; } = "";
    public string? Action { get; init; }
    public string? Reporter { get; init; }
    public string? ResolutionNotes { get; init; }
    public string? ResolvedBy { get; init; }
    public long TargetReportCount { get; init; }
    public bool TargetLimited { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Written by this request (ReportsSql.Insert), not an earlier report of the same target.</summary>
    public bool IsNew { get; init; }

    public ReportView ToView() => new(Id, TargetType, TargetId, Reason, Details, Status, Action, CreatedAt, ResolvedAt);

    public QueuedReport ToQueued() => new(Id, TargetType, TargetId, Reason, Details, Status, Reporter, TargetReportCount, TargetLimited, CreatedAt);

    public ModeratedReport ToModerated(ReportTargetView? target) => new(Id, TargetType, TargetId, Reason, Details, Status, Action, Reporter,
        TargetReportCount, TargetLimited, CreatedAt, ResolvedAt, ResolutionNotes, ResolvedBy, target);
}

/// <summary>PUT /api/v1/moderation/suspensions/{username}: why the account is suspended, and for how many days (1–365; none: until lifted).</summary>
public sealed record SuspendRequest(string? Reason, int? Days);

/// <summary>
/// A suspended account: why, by which moderator (null once their account is gone), for which report if any, since when,
/// and until when (none: until a moderator lifts it).
/// </summary>
public sealed record SuspensionView(string Username, string Reason, string? SuspendedBy, Guid? ReportId, DateTimeOffset CreatedAt,
    DateTimeOffset? Until);

internal sealed class SuspensionRow
{
    public Guid UserId { get; init; }
    public string Username { get; init; } = "";
    public string Reason { get; init; } = "";
    public string? SuspendedBy { get; init; }
    public Guid? ReportId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? Until { get; init; }

    public SuspensionView ToView() => new(Username, Reason, SuspendedBy, ReportId, CreatedAt, Until);
}

internal sealed class SuspensionTarget
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public bool IsModerator { get; init; }
}
