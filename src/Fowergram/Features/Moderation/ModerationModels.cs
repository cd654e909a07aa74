namespace Fowergram.Features.Moderation;

/// <summary>POST /api/v1/reports: what is reported (targetType and targetId), why (reason) and, optionally, more words.</summary>
public sealed record CreateReportRequest(string? TargetType, Guid? TargetId, string? Reason, string? Details);

/// <summary>A report as its reporter sees it: status open, reviewing, actioned or dismissed (resolvedAt once closed).</summary>
public sealed record ReportView(Guid Id, string TargetType, Guid TargetId, string Reason, string? Details, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt);

/// <summary>A report in the moderators' queue: who reported it (null once their account is gone) and how many reports the target has.</summary>
public sealed record QueuedReport(Guid Id, string TargetType, Guid TargetId, string Reason, string? Details, string Status,
    string? Reporter, long TargetReportCount, DateTimeOffset CreatedAt);

/// <summary>POST /api/v1/moderation/reports/{id}/resolve: outcome actioned or dismissed, and notes for the record.</summary>
public sealed record ResolveReportRequest(string? Outcome, string? Notes);

internal sealed class ReportRow
{
    public Guid Id { get; init; }
    public string TargetType { get; init; } = "";
    public Guid TargetId { get; init; }
    public string Reason { get; init; } = "";
    public string? Details { get; init; }
    public string Status { get; init; } = "";
    public string? Reporter { get; init; }
    public long TargetReportCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    public ReportView ToView() => new(Id, TargetType, TargetId, Reason, Details, Status, CreatedAt, ResolvedAt);

    public QueuedReport ToQueued() => new(Id, TargetType, TargetId, Reason, Details, Status, Reporter, TargetReportCount, CreatedAt);
}
