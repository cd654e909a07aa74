namespace Fowergram.Features.Moderation;

/// <summary>
/// POST /api/v1/auth/appeals: the suspended account's login and password (a suspended account has no session), and why the
/// suspension is a mistake (1–2,000 characters); while two-factor sign-in is on, also a current code or a recovery code
/// (<c>code</c>), as at login.
/// </summary>
public sealed record AppealRequest(string? Login, string? Password, string? Message, string? Code = null);

/// <summary>An appeal as its writer sees it: open, upheld, reversed or lifted; never who decided or the moderators' notes.</summary>
public sealed record AppealView(Guid Id, string Status, string Message, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);

/// <summary>
/// An appeal as moderators see it (docs/moderation.md "Appeals"): the account, what it wrote, the suspension it appeals
/// (null once that has ended), and the decision (who, when, notes) once there is one.
/// </summary>
public sealed record ModeratedAppeal(Guid Id, string Username, string Status, string Message, DateTimeOffset CreatedAt,
    DateTimeOffset SuspendedAt, SuspensionView? Suspension, DateTimeOffset? DecidedAt, string? DecidedBy, string? Notes);

/// <summary>POST /api/v1/moderation/appeals/{id}/decide: reversed (the suspension is lifted) or upheld (it stands), and notes for the record.</summary>
public sealed record DecideAppealRequest(string? Outcome, string? Notes);

internal sealed class AppealRow
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public string Username { get; init; } = "";
    public string Status { get; init; } = "";
    public string Message { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset SuspendedAt { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecidedBy { get; init; }
    public string? DecisionNotes { get; init; }

    /// <summary>The appealed suspension, while it lasts (its reason is never null then).</summary>
    public string? SuspensionReason { get; init; }
    public string? SuspendedBy { get; init; }
    public Guid? ReportId { get; init; }
    public DateTimeOffset? Until { get; init; }

    /// <summary>True when this statement made the appeal; false when it was there already.</summary>
    public bool Created { get; init; }

    public AppealView ToView() => new(Id, Status, Message, CreatedAt, DecidedAt);

    public ModeratedAppeal ToModerated() => new(Id, Username, Status, Message, CreatedAt, SuspendedAt,
        SuspensionReason is null ? null : new SuspensionView(Username, SuspensionReason, SuspendedBy, ReportId, SuspendedAt, Until),
        DecidedAt, DecidedBy, DecisionNotes);
}
