using Dapper;
using Fowergram.Platform.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Platform.Media;

/// <summary>
/// What the clean-up jobs (media-cleanup, post-media-cleanup, story-expiry) do when the store refuses a delete (a Blob lease,
/// a retention policy): record it (media_delete_failures, migration 0251), back off, and after
/// <see cref="MediaOptions.DeleteMaxAttempts"/> give up until a moderator retries it (docs/media.md "Refused deletes").
/// Before, such an object was tried and logged as an error on every run, forever, and nothing listed it. Each job keys its
/// records by the thing it cleans (an upload, a post, a story: the subject), leaves out subjects held back by
/// <see cref="HeldBack"/>, and forgets a subject's record (<see cref="Forget"/>) in the statement that marks it cleaned.
/// </summary>
public sealed class MediaDeleteFailures(IOptions<MediaOptions> options, ILogger<MediaDeleteFailures> logger)
{
    public const int ErrorLimit = 1000;

    /// <summary>The jobs that delete objects, as the table's CHECK names them.</summary>
    public static readonly string[] Jobs = ["media-cleanup", "post-media-cleanup", "story-expiry"];

    // The next attempt comes from @schedule, indexed by the attempts made (1-based): past its end it is NULL, and the record
    // is given up (dead_at) in the same statement, so a record is never both due and dead (the table's CHECK).
    private const string Record = """
        INSERT INTO media_delete_failures AS f
               (id, job, subject_id, object_name, attempts, first_failed_at, last_failed_at, next_attempt_at, dead_at, last_error)
        VALUES (@id, @job, @subjectId, @objectName, 1, @now, @now, (@schedule::timestamptz[])[1], CASE WHEN @maxAttempts <= 1 THEN @now END, @error)
        ON CONFLICT (subject_id, job) DO UPDATE
           SET attempts = f.attempts + 1, object_name = EXCLUDED.object_name, last_error = EXCLUDED.last_error,
               last_failed_at = GREATEST(f.last_failed_at, EXCLUDED.last_failed_at),
               next_attempt_at = (@schedule::timestamptz[])[f.attempts + 1],
               dead_at = CASE WHEN f.attempts + 1 >= @maxAttempts THEN @now END
        RETURNING attempts, next_attempt_at
        """;

    /// <summary>
    /// SQL, true while the subject in <paramref name="subjectColumn"/> waits out its back-off or was given up (binds @now).
    /// <paramref name="job"/> is one of <see cref="Jobs"/>, a constant: nothing a client sends reaches it.
    /// </summary>
    public static string HeldBack(string job, string subjectColumn) => $"""
        EXISTS (SELECT 1 FROM media_delete_failures f WHERE f.subject_id = {subjectColumn} AND f.job = '{Known(job)}'
                   AND (f.next_attempt_at IS NULL OR f.next_attempt_at > @now))
        """;

    /// <summary>SQL statement forgetting the records of the subjects in the uuid[] <paramref name="subjects"/>: cleaned at last.</summary>
    public static string Forget(string job, string subjects) =>
        $"DELETE FROM media_delete_failures WHERE job = '{Known(job)}' AND subject_id = ANY({subjects})";

    /// <summary>
    /// SQL, true while <paramref name="job"/> holds a record for the subject in <paramref name="subjectColumn"/>, due or given up:
    /// the record names the object and outlives the subject's row, so the job goes on at the object without it.
    /// </summary>
    public static string Tracked(string job, string subjectColumn) =>
        $"EXISTS (SELECT 1 FROM media_delete_failures f WHERE f.subject_id = {subjectColumn} AND f.job = '{Known(job)}')";

    /// <summary>
    /// SQL statement (binds @now and whatever <paramref name="stillDue"/> binds) deleting <paramref name="job"/>'s records whose
    /// subject row in <paramref name="table"/> is no longer due for deletion (<paramref name="stillDue"/>, over alias <c>s</c>,
    /// false): a story put in a highlight, an upload whose object went by other means. The subject is wanted again, or its
    /// objects are gone: its record would be listed (and once given up, retried) for nothing. Records whose subject row is gone
    /// are the caller's to decide.
    /// </summary>
    public static string ForgetNoLongerDue(string job, string table, string stillDue) => $"""
        DELETE FROM media_delete_failures f USING {table} s
         WHERE f.job = '{Known(job)}' AND s.id = f.subject_id AND NOT ({stillDue})
        """;

    /// <summary>
    /// SQL, true while the subject of the record <c>f</c> is still due for deletion by its job: its row in <paramref name="table"/>
    /// is <paramref name="stillDue"/> (over alias <c>s</c>, as <see cref="ForgetNoLongerDue"/> takes it), or, when
    /// <paramref name="goneIsDue"/>, it has no row left (the record alone names an object nothing wants: a purged account's).
    /// The moderators' list and retry ask it (docs/media.md "Refused deletes"), so a record whose subject is wanted again (a
    /// story put in a highlight, an upload whose object went by other means) is neither listed nor retried from the moment its
    /// subject changed; the job deletes the row itself at its next run (<see cref="ForgetNoLongerDue"/>). A rule that reads NULL
    /// counts here as it does there (for uploads and stories the forgetting keeps such a record, and it stays listed; for posts
    /// it goes, and is not listed), so the two never disagree.
    /// </summary>
    public static string StillDue(string table, string stillDue, bool goneIsDue) => goneIsDue
        ? $"NOT EXISTS (SELECT 1 FROM {table} s WHERE s.id = f.subject_id AND NOT ({stillDue}))"
        : $"EXISTS (SELECT 1 FROM {table} s WHERE s.id = f.subject_id AND ({stillDue}))";

    /// <summary>
    /// Deletes each of <paramref name="objectNames"/> in order (names the stores did not make, as imported rows may hold, name
    /// nothing to delete). Done once the store confirmed them all. At the first refusal it records it and stops: the caller
    /// leaves the subject as it is, and the list it came from leaves it out until its next attempt is due; Deleted then says
    /// whether the store had already taken one of the objects before it (the subject's media are no longer whole).
    /// </summary>
    public async Task<ObjectDeletes> DeleteAllAsync(IMediaStore store, NpgsqlConnection conn, NpgsqlTransaction? tx, string job, TimeSpan interval,
        Guid subjectId, IEnumerable<string?> objectNames, DateTimeOffset now, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var name in objectNames)
        {
            if (!MediaObjectNames.IsValid(name)) continue;
            try
            {
                await store.DeleteAsync(name!, ct);
                deleted++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (await GoneAsync(store, name!, ct))
                {
                    deleted++;
                    continue;
                }
                await RecordAsync(conn, tx, job, interval, subjectId, name!, e, now, ct);
                return new ObjectDeletes(false, deleted);
            }
        }
        return new ObjectDeletes(true, deleted);
    }

    /// <summary>
    /// After an error, whether the object is gone all the same: a store may report a failure for a delete it carried out (a
    /// timeout or a dropped connection after the blob went). Not found is deleted, as a delete of a missing object is not an
    /// error (<see cref="IMediaStore.DeleteAsync"/>); taken for still there, a story's first object gone this way left the
    /// story unmarked, so a highlight could take a story without its picture. A store that cannot answer this either leaves
    /// the object counted as refused.
    /// </summary>
    private static async Task<bool> GoneAsync(IMediaStore store, string name, CancellationToken ct)
    {
        try
        {
            return await store.InspectAsync(name, 0, ct) is null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task RecordAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string job, TimeSpan interval, Guid subjectId, string objectName,
        Exception error, DateTimeOffset now, CancellationToken ct)
    {
        var max = options.Value.DeleteMaxAttempts;
        var (attempts, next) = await conn.QuerySingleAsync<(int, DateTimeOffset?)>(new CommandDefinition(Record, new
        {
            id = Guid.CreateVersion7(), job = Known(job), subjectId, objectName, now, maxAttempts = max,
            schedule = Schedule(interval, now), error = ErrorText(error),
        }, tx, cancellationToken: ct));
        if (next is { } due)
        {
            MediaMetrics.DeleteRefused(job, dead: false);
            logger.LogWarning(error, "{Job} could not delete object {ObjectName} of {SubjectId} (attempt {Attempts} of {MaxAttempts}); tried again from {NextAttemptAt}",
                job, objectName, subjectId, attempts, max, due);
            return;
        }
        // Once per giving up: a given-up record is never tried by the job again, only after a moderator's retry.
        MediaMetrics.DeleteRefused(job, dead: true);
        logger.LogCritical(error, "{Job} gave up deleting object {ObjectName} of {SubjectId} after {Attempts} refused attempts; it stays in storage "
            + "until a moderator retries it (GET /api/v1/moderation/media-deletes)", job, objectName, subjectId, attempts);
    }

    /// <summary>
    /// When attempt n + 1 may run after n refusals (n = 1 … max − 1): the job's interval doubled n − 1 times, at most
    /// <see cref="MediaOptions.DeleteRetryCap"/>, less half an interval so that a timer firing a little early still finds it
    /// due — never less than half the wait, so never within the run that recorded it.
    /// </summary>
    public DateTimeOffset[] Schedule(TimeSpan interval, DateTimeOffset now)
    {
        var (max, cap) = (options.Value.DeleteMaxAttempts, options.Value.DeleteRetryCap);
        var schedule = new DateTimeOffset[max - 1];
        var wait = interval < cap ? interval : cap;
        for (var i = 0; i < schedule.Length; i++, wait = wait * 2 < cap ? wait * 2 : cap)
            schedule[i] = now + TimeSpan.FromTicks(Math.Max(wait.Ticks - interval.Ticks / 2, wait.Ticks / 2));
        return schedule;
    }

    /// <summary>The store's answer without its stack, as text PostgreSQL takes (no NUL), cut to <see cref="ErrorLimit"/>.</summary>
    public static string ErrorText(Exception error)
    {
        var text = $"{error.GetType().Name}: {error.Message}".Replace('\0', ' ');
        if (text.Length <= ErrorLimit) return text;
        var cut = char.IsHighSurrogate(text[ErrorLimit - 1]) ? ErrorLimit - 1 : ErrorLimit; // a character's halves stay together
        return text[..cut];
    }

    private static string Known(string job) =>
        Array.IndexOf(Jobs, job) >= 0 ? job : throw new ArgumentException($"'{job}' is not a clean-up job.", nameof(job));
}

/// <summary>What <see cref="MediaDeleteFailures.DeleteAllAsync"/> got done: all of it, or Deleted objects before a refusal.</summary>
public readonly record struct ObjectDeletes(bool Done, int Deleted);
