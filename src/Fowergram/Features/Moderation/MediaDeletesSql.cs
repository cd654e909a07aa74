using Fowergram.Features.Media;
using Fowergram.Features.Posts;
using Fowergram.Features.Stories;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Moderation;

/// <summary>The clean-up jobs' refused deletes (media_delete_failures, migration 0251) as moderators list and retry them.</summary>
internal static class MediaDeletesSql
{
    private const string Columns =
        "id, job, subject_id, object_name, attempts, first_failed_at, last_failed_at, next_attempt_at, dead_at, last_error";

    // Only while its subject is still due for deletion, by each job's own rule (binds @now, and @cutoff for stories): a record
    // whose subject is wanted again (a story put in a highlight) stays in the table until its job's next run forgets it, but a
    // moderator neither sees it nor retries it meanwhile. Each branch is a probe of the subject's primary key.
    private static readonly string StillDue = $"""
        CASE f.job WHEN '{MediaCleanupJob.JobName}' THEN {MediaSql.RecordStillDue}
                   WHEN '{PostMediaCleanupJob.JobName}' THEN {PostMediaCleanupJob.RecordStillDue}
                   WHEN '{StoryExpiryJob.JobName}' THEN {StoryExpiryJob.RecordStillDue}
                   ELSE true END
        """;

    // Keyed by when the object was first refused, which never changes: later refusals do not move a record in the pages.
    public static readonly string Recent = $"""
        SELECT {Columns} FROM media_delete_failures f
         WHERE (@state::text IS NULL OR (@state::text = 'dead') = (dead_at IS NOT NULL))
           AND {KeysetSql.Older("first_failed_at", "id")} AND {StillDue}
         ORDER BY first_failed_at DESC, id DESC LIMIT @take
        """;

    // Due now, given up or not, with a fresh round of attempts (0 until the job's next try; migration 0256): the job tries at
    // its next run and, if the store still refuses, backs off and gives up as after a first refusal, so a moderator who broke
    // a lease is not undone by one transient error, and a cause that persists is given up (and said Critical) again.
    // A record whose subject is no longer due is not made due: the job would delete nothing for it (StillDue above).
    public static readonly string Retry = $"""
        UPDATE media_delete_failures f SET next_attempt_at = @now, dead_at = NULL, attempts = 0 WHERE id = @id AND {StillDue}
        RETURNING {Columns}
        """;
}
