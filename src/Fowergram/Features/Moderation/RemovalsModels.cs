namespace Fowergram.Features.Moderation;

/// <summary>
/// One of the caller's things a moderator removed (docs/moderation.md "Removed content and appeals"): what and when, under
/// which guideline (<c>message</c> says it as the removal's notice did), until when it may be appealed (null for kinds that
/// cannot be brought back, and removals of things already deleted), whether it may be now, and the appeal once made.
/// </summary>
public sealed record RemovalView(Guid Id, string TargetType, Guid TargetId, string Reason, string Message, DateTimeOffset RemovedAt,
    DateTimeOffset? AppealableUntil, bool CanAppeal, RemovalAppealView? Appeal);

/// <summary>An appeal as its writer sees it: open, upheld or reversed; never who decided or the moderators' notes.</summary>
public sealed record RemovalAppealView(string Status, string Message, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);

/// <summary>POST /api/v1/users/me/removals/{id}/appeal: why the removal is a mistake (1–2,000 characters).</summary>
public sealed record RemovalAppealRequest(string? Message);

/// <summary>
/// An appeal of a removal as moderators see it: whose, what was removed and why (the report's reason), the appeal, the
/// decision once made (who, when, notes), and — on GET of one — the removed thing as it is now, its media signed for them.
/// </summary>
public sealed record ModeratedRemovalAppeal(Guid Id, string Owner, string TargetType, Guid TargetId, string Reason, DateTimeOffset RemovedAt,
    string Status, string Message, DateTimeOffset AppealedAt, DateTimeOffset? DecidedAt, string? DecidedBy, string? Notes,
    ReportTargetView? Target = null);

internal sealed class RemovalRow
{
    public Guid Id { get; init; }
    public Guid OwnerId { get; init; }
    public string Owner { get; init; } = "";
    public string TargetType { get; init; } = "";
    public Guid TargetId { get; init; }
    public string Reason { get; init; } = "";
    public DateTimeOffset RemovedAt { get; init; }
    public DateTimeOffset? AppealableUntil { get; init; }
    public string? AppealMessage { get; init; }
    public DateTimeOffset? AppealedAt { get; init; }
    public string? AppealStatus { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecidedBy { get; init; }
    public string? DecisionNotes { get; init; }

    public bool CanAppeal(DateTimeOffset now) => AppealStatus is null && AppealableUntil > now;

    /// <summary>The owner's view; <paramref name="canComeBack"/> false when the thing is gone meanwhile (IReinstatement.CanComeBackAsync).</summary>
    public RemovalView ToView(DateTimeOffset now, bool canComeBack = true) => new(Id, TargetType, TargetId, Reason,
        ReportNotices.Removed(TargetType, Reason), RemovedAt, AppealableUntil, canComeBack && CanAppeal(now),
        AppealStatus is null ? null : new RemovalAppealView(AppealStatus, AppealMessage!, AppealedAt!.Value, DecidedAt));

    public ModeratedRemovalAppeal ToModerated(ReportTargetView? target = null) => new(Id, Owner, TargetType, TargetId, Reason, RemovedAt,
        AppealStatus!, AppealMessage!, AppealedAt!.Value, DecidedAt, DecidedBy, DecisionNotes, target);
}
