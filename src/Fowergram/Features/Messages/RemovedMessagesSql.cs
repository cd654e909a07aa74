namespace Fowergram.Features.Messages;

/// <summary>
/// The content a moderator's takedown of a message erased, kept for an appeal (<c>removed_messages</c>, migration 0179;
/// docs/messages.md "Removed messages"). Its upload is held by its release time, as a reel's is: released as of
/// <c>held_until</c> (the appeal window's end), not at all while an appeal is open, now when the removal is upheld or the
/// message goes (unsent, vanished).
/// </summary>
internal static class RemovedMessagesSql
{
    /// <summary>
    /// Releases now the uploads of the messages of <paramref name="gone"/> (a CTE of deleted messages with id, upload_id),
    /// their own or, for a tombstone, the kept one: read in the statement's snapshot, before the cascade takes the kept row.
    /// An upload released as of a later time (a held one) is released now.
    /// </summary>
    public static string ReleaseUploadsOf(string gone) => $"""
        UPDATE uploads SET released_at = @now
         WHERE uploads.id IN (SELECT upload_id FROM {gone} UNION ALL SELECT k.upload_id FROM removed_messages k JOIN {gone} ON k.message_id = {gone}.id)
           AND (uploads.released_at IS NULL OR uploads.released_at > @now)
        """;

    /// <summary>Held for the appeal window: the kept content and its upload until @until.</summary>
    public const string Hold = """
        WITH held AS (
            UPDATE removed_messages SET held_until = @until WHERE message_id = @targetId RETURNING upload_id
        )
        UPDATE uploads SET released_at = @until FROM held WHERE uploads.id = held.upload_id AND uploads.object_deleted_at IS NULL
        """;

    /// <summary>
    /// Kept until the appeal is decided: the row for good ('infinity'), the upload not released. Nothing when the hold has
    /// ended (the row may be forgotten, the object being deleted) or the upload is gone.
    /// </summary>
    public const string Keep = """
        WITH kept AS (
            UPDATE removed_messages k SET held_until = 'infinity'
             WHERE k.message_id = @targetId AND k.held_until > @now
               AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = k.upload_id AND (u.released_at <= @now OR u.object_deleted_at IS NOT NULL))
            RETURNING k.message_id, k.upload_id
        ), unreleased AS (
            UPDATE uploads SET released_at = NULL FROM kept WHERE uploads.id = kept.upload_id
        )
        SELECT count(*) FROM kept
        """;

    /// <summary>The removal upheld: the kept content forgotten, its upload released now.</summary>
    public const string Release = """
        WITH forgotten AS (DELETE FROM removed_messages WHERE message_id = @targetId RETURNING upload_id)
        UPDATE uploads SET released_at = @now FROM forgotten
         WHERE uploads.id = forgotten.upload_id AND uploads.object_deleted_at IS NULL AND (uploads.released_at IS NULL OR uploads.released_at > @now)
        """;

    /// <summary>message-vanish: the kept content whose hold has ended (its upload was released as of then), in batches.</summary>
    public const string ForgetEnded = """
        DELETE FROM removed_messages
         WHERE message_id IN (SELECT message_id FROM removed_messages WHERE held_until <= @now ORDER BY held_until LIMIT @batch FOR UPDATE SKIP LOCKED)
        """;

    /// <summary>
    /// Whether the tombstone can come back: its kept content is there and held, its sender's account not deleted, its upload
    /// (if any) not released as of now nor deleted.
    /// </summary>
    private const string Restorable = """
        k.message_id = @targetId AND m.id = k.message_id AND m.message_type = 'removed' AND k.held_until > @now
           AND EXISTS (SELECT 1 FROM users a WHERE a.id = m.sender_id AND a.deleted_at IS NULL)
           AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = k.upload_id AND (u.released_at <= @now OR u.object_deleted_at IS NOT NULL))
        """;

    public const string CanComeBack = $"SELECT EXISTS (SELECT 1 FROM removed_messages k, messages m WHERE {Restorable})";

    /// <summary>
    /// The tombstone back as the message it was: its shares pointing at what still exists (a thing purged meanwhile reads "no
    /// longer available", as the messages' ON DELETE SET NULL would have left it). Returns the message with what it shares.
    /// </summary>
    public const string Reinstate = $"""
        WITH kept AS (
            SELECT k.* FROM removed_messages k, messages m
             WHERE {Restorable} AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = k.upload_id AND u.released_at IS NOT NULL)
               FOR UPDATE OF m, k
        )
        UPDATE messages m
           SET message_type = k.message_type, content = k.content, upload_id = k.upload_id, media_blob_name = k.media_blob_name,
               shared_post_id = (SELECT id FROM posts WHERE id = k.shared_post_id),
               shared_story_id = (SELECT id FROM stories WHERE id = k.shared_story_id),
               shared_reel_id = (SELECT id FROM reels WHERE id = k.shared_reel_id),
               shared_video_id = (SELECT id FROM igtv_videos WHERE id = k.shared_video_id),
               quoted_note = k.quoted_note, is_edited = k.is_edited
          FROM kept k WHERE m.id = k.message_id
        RETURNING m.id, m.shared_reel_id, m.shared_video_id
        """;

    /// <summary>
    /// The kept reactions back, of the accounts that may still react: in the thread now and since before the message (as a
    /// reaction requires), their accounts not deleted. Then the kept row goes.
    /// </summary>
    public const string RestoreReactions = """
        WITH kept AS (
            DELETE FROM removed_messages WHERE message_id = @targetId RETURNING message_id, reactions
        )
        INSERT INTO message_reactions (message_id, user_id, emoji, created_at)
        SELECT kept.message_id, r."userId", r.emoji, r."createdAt"
          FROM kept CROSS JOIN LATERAL jsonb_to_recordset(kept.reactions) AS r ("userId" uuid, emoji text, "createdAt" timestamptz)
          JOIN messages m ON m.id = kept.message_id
          JOIN conversation_participants p ON p.conversation_id = m.conversation_id AND p.user_id = r."userId" AND p.left_at IS NULL
                                         AND m.created_at >= p.joined_at
          JOIN users a ON a.id = p.user_id AND a.deleted_at IS NULL
        ON CONFLICT (message_id, user_id) DO NOTHING
        """;
}
