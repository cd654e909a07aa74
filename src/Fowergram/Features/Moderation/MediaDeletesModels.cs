namespace Fowergram.Features.Moderation;

/// <summary>
/// A delete the media store refused a clean-up job (GET /api/v1/moderation/media-deletes): the job, what it was cleaning
/// (<c>subjectType</c> upload, post or story, and its id), the object refused last, the attempts, and <c>state</c>
/// <c>retrying</c> (tried again from <c>nextAttemptAt</c>) or <c>dead</c> (given up at <c>deadAt</c> until a retry).
/// </summary>
public sealed record MediaDeleteView(Guid Id, string Job, string SubjectType, Guid SubjectId, string ObjectName, int Attempts,
    DateTimeOffset FirstFailedAt, DateTimeOffset LastFailedAt, string State, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeadAt, string LastError);

internal sealed class MediaDeleteRow
{
    public Guid Id { get; init; }
    public string Job { get; init; } = "";
    public Guid SubjectId { get; init; }
    public string ObjectName { get; init; } = "";
    public int Attempts { get; init; }
    public DateTimeOffset FirstFailedAt { get; init; }
    public DateTimeOffset LastFailedAt { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? DeadAt { get; init; }
    public string LastError { get; init; } = "";

    public MediaDeleteView ToView() => new(Id, Job, Job switch { "post-media-cleanup" => "post", "story-expiry" => "story", _ => "upload" },
        SubjectId, ObjectName, Attempts, FirstFailedAt, LastFailedAt, DeadAt is null ? "retrying" : "dead", NextAttemptAt, DeadAt, LastError);
}
