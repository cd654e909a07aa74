namespace Fowergram.Features.Messages;

/// <summary>
/// The statements a table of content kept aside by a moderator's takedown shares (removed_messages for direct messages,
/// migration 0179; removed_channel_messages for channel messages, migration 0185): one row per tombstone keyed by message_id,
/// its upload_id held by its release time — released as of held_until (the appeal window's end), not at all while an appeal
/// is open, now when the removal is upheld or the message goes.
/// </summary>
internal static class KeptContentSql
{
    /// <summary>
    /// Releases now the uploads of the messages of <paramref name="gone"/> (a CTE of deleted messages with id, upload_id),
    /// their own or, for a tombstone, the kept one: read in the statement's snapshot, before the cascade takes the kept row.
    /// An upload released as of a later time (a held one) is released now.
    /// </summary>
    public static string ReleaseUploadsOf(string table, string gone) => $"""
        UPDATE uploads SET released_at = @now
         WHERE uploads.id IN (SELECT upload_id FROM {gone} UNION ALL SELECT k.upload_id FROM {table} k JOIN {gone} ON k.message_id = {gone}.id)
           AND (uploads.released_at IS NULL OR uploads.released_at > @now)
        """;

    /// <summary>Held for the appeal window: the kept content and its upload until @until.</summary>
    public static string Hold(string table) => $"""
        WITH held AS (
            UPDATE {table} SET held_until = @until WHERE message_id = @targetId RETURNING upload_id
        )
        UPDATE uploads SET released_at = @until FROM held WHERE uploads.id = held.upload_id AND uploads.object_deleted_at IS NULL
        """;

    /// <summary>
    /// Kept until the appeal is decided: the row for good ('infinity'), the upload not released. Nothing when the hold has
    /// ended (the row may be forgotten, the object being deleted) or the upload is gone.
    /// </summary>
    public static string Keep(string table) => $"""
        WITH kept AS (
            UPDATE {table} k SET held_until = 'infinity'
             WHERE k.message_id = @targetId AND k.held_until > @now
               AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = k.upload_id AND (u.released_at <= @now OR u.object_deleted_at IS NOT NULL))
            RETURNING k.message_id, k.upload_id
        ), unreleased AS (
            UPDATE uploads SET released_at = NULL FROM kept WHERE uploads.id = kept.upload_id
        )
        SELECT count(*) FROM kept
        """;

    /// <summary>The removal upheld: the kept content forgotten, its upload released now.</summary>
    public static string Release(string table) => $"""
        WITH forgotten AS (DELETE FROM {table} WHERE message_id = @targetId RETURNING upload_id)
        UPDATE uploads SET released_at = @now FROM forgotten
         WHERE uploads.id = forgotten.upload_id AND uploads.object_deleted_at IS NULL AND (uploads.released_at IS NULL OR uploads.released_at > @now)
        """;

    /// <summary>message-vanish: the kept content whose hold has ended (its upload was released as of then), in batches.</summary>
    public static string ForgetEnded(string table) => $"""
        DELETE FROM {table}
         WHERE message_id IN (SELECT message_id FROM {table} WHERE held_until <= @now ORDER BY held_until LIMIT @batch FOR UPDATE SKIP LOCKED)
        """;

    /// <summary>The kept upload (alias k) is neither released as of now nor deleted: the message may still come back whole.</summary>
    public const string UploadHeld =
        "NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = k.upload_id AND (u.released_at <= @now OR u.object_deleted_at IS NOT NULL))";
}
