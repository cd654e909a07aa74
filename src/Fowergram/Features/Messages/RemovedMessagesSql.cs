namespace Fowergram.Features.Messages;

/// <summary>
/// The content a moderator's takedown of a message erased, kept for an appeal (<c>removed_messages</c>, migration 0179;
/// docs/messages.md "Removed messages"). Its upload is held by its release time, as a reel's is: released as of
/// <c>held_until</c> (the appeal window's end), not at all while an appeal is open, now when the removal is upheld or the
/// message goes (unsent, vanished): <see cref="KeptContentSql"/>, shared with channel messages.
/// </summary>
internal static class RemovedMessagesSql
{
    private const string Table = "removed_messages";

    public static string ReleaseUploadsOf(string gone) => KeptContentSql.ReleaseUploadsOf(Table, gone);

    public static readonly string Hold = KeptContentSql.Hold(Table);

    public static readonly string Keep = KeptContentSql.Keep(Table);

    public static readonly string Release = KeptContentSql.Release(Table);

    public static readonly string ForgetEnded = KeptContentSql.ForgetEnded(Table);

    /// <summary>
    /// Whether the tombstone can come back: its kept content is there and held, its sender's account not deleted, its upload
    /// (if any) not released as of now nor deleted.
    /// </summary>
    private const string Restorable = $"""
        k.message_id = @targetId AND m.id = k.message_id AND m.message_type = 'removed' AND k.held_until > @now
           AND EXISTS (SELECT 1 FROM users a WHERE a.id = m.sender_id AND a.deleted_at IS NULL)
           AND {KeptContentSql.UploadHeld}
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
