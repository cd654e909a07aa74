using Fowergram.Platform.Media;

namespace Fowergram.Features.Media;

internal static class MediaSql
{
    // First: the lists below interpolate it, and static fields are set in the order they are written.
    // Refused deletes wait out their back-off, and given-up ones a moderator's retry (docs/media.md "Refused deletes").
    private static readonly string HeldBack = MediaDeleteFailures.HeldBack(MediaCleanupJob.JobName, "uploads.id");

    // Serialises one user's slot requests so the pending-cap count cannot be raced past; other users never wait.
    public const string LockUser = "SELECT pg_advisory_xact_lock(hashtext('uploads'), hashtext(@callerId::text))";

    public const string PendingOf = """
        SELECT count(*) AS count, min(expires_at) AS earliest
        FROM uploads WHERE user_id = @callerId AND status = 'pending' AND expires_at > @now
        """;

    // Through users: a token that outlived its (deleted or deactivated) account inserts nothing.
    public const string Insert = """
        INSERT INTO uploads (id, user_id, purpose, content_type, declared_size, blob_name, created_at, expires_at)
        SELECT @id, u.id, @purpose, @contentType, @size, @objectName, @now, @expiresAt
        FROM users u WHERE u.id = @callerId AND u.deleted_at IS NULL AND u.is_active
        """;

    public const string StatusOf = """
        SELECT id AS upload_id, purpose, content_type, declared_size AS size,
               CASE WHEN status = 'pending' AND expires_at <= @now THEN 'expired' ELSE status END AS status,
               created_at, expires_at, used_at, rejection_reason
        FROM uploads WHERE id = @id AND user_id = @callerId
        """;

    // SKIP LOCKED: a slot an in-flight claim holds is that claim's to decide.
    public const string ExpireBatch = """
        UPDATE uploads SET status = 'expired'
        WHERE id IN (SELECT id FROM uploads WHERE status = 'pending' AND expires_at <= @now
                     ORDER BY expires_at LIMIT @batch FOR UPDATE SKIP LOCKED)
        """;

    // Only once the upload URL can no longer (re)create the object: expiry plus the clock-skew grace.
    public static readonly string DeadObjects = $"""
        SELECT id, blob_name AS object_name FROM uploads
        WHERE status IN ('rejected', 'expired') AND object_deleted_at IS NULL AND expires_at <= @cutoff
          AND NOT {HeldBack}
        ORDER BY expires_at LIMIT @batch
        """;

    // Used uploads nothing points at any more (a replaced or removed profile photo), once the grace has passed.
    public static readonly string ReleasedObjects = $"""
        SELECT id, blob_name AS object_name FROM uploads
        WHERE released_at IS NOT NULL AND object_deleted_at IS NULL AND released_at <= @cutoff
          AND NOT {HeldBack}
        ORDER BY released_at LIMIT @batch
        """;

    // The refused deletes of uploads whose object is no longer to be deleted: gone by other means (post-media-cleanup marks a
    // deleted post's uploads), or released no more (a hold or a restore put the release ahead again). Rejected and expired
    // slots stay due for good. Uploads with no row left (a purged account's) keep their records: OrphanObjects below.
    private const string UploadStillDue = "s.object_deleted_at IS NULL AND (s.status IN ('rejected', 'expired') OR s.released_at <= @now)";

    public static readonly string ForgetNoLongerDue = MediaDeleteFailures.ForgetNoLongerDue(MediaCleanupJob.JobName, "uploads", UploadStillDue);

    /// <summary>A record of this job (alias f) whose upload is still due, or has no row left (<see cref="OrphanObjects"/>); binds @now.</summary>
    public static readonly string RecordStillDue = MediaDeleteFailures.StillDue("uploads", UploadStillDue, goneIsDue: true);

    // Refused deletes whose upload row is gone: an account purge does not wait on an object the store refuses once it is
    // recorded (AccountPurgeJob), so the record alone names the object, and the job goes on at it (back-off, giving up, a
    // moderator's retry) as before. Nothing but that purge deletes upload rows, so such an object is wanted by no one.
    public static readonly string OrphanObjects = $"""
        SELECT f.subject_id AS id, f.object_name FROM media_delete_failures f
        WHERE f.job = '{MediaCleanupJob.JobName}' AND f.next_attempt_at <= @now
          AND NOT EXISTS (SELECT 1 FROM uploads WHERE uploads.id = f.subject_id)
        ORDER BY f.next_attempt_at LIMIT @batch
        """;

    // A refused delete this job recorded for the upload is forgotten with the mark: the object is gone at last.
    public static readonly string MarkObjectDeleted = $"""
        UPDATE uploads SET object_deleted_at = @now WHERE id = @id AND object_deleted_at IS NULL;
        {MediaDeleteFailures.Forget(MediaCleanupJob.JobName, "ARRAY[@id]::uuid[]")}
        """;
}
