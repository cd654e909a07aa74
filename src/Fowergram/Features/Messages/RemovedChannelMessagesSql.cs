namespace Fowergram.Features.Messages;

/// <summary>
/// A moderator's takedown of a broadcast channel message (docs/messages.md "Removed channel messages", migration 0185): the
/// message stays in its channel as a tombstone (removed_at), what it said or showed kept aside in
/// <c>removed_channel_messages</c> for an appeal and its upload held by its release time (<see cref="KeptContentSql"/>, as a
/// direct message's). Its votes and reactions stay where they are, unseen and frozen, so that a reversed appeal brings the
/// message back exactly.
/// </summary>
internal static class RemovedChannelMessagesSql
{
    private const string Table = "removed_channel_messages";

    public static string ReleaseUploadsOf(string gone) => KeptContentSql.ReleaseUploadsOf(Table, gone);

    public static readonly string Hold = KeptContentSql.Hold(Table);

    public static readonly string Keep = KeptContentSql.Keep(Table);

    public static readonly string Release = KeptContentSql.Release(Table);

    public static readonly string ForgetEnded = KeptContentSql.ForgetEnded(Table);

    /// <summary>
    /// The takedown: everything the message said or showed moved aside, held until @now unless the appeal window holds it
    /// longer (its upload released to media-cleanup as of then). The row lock waits for a vote or reaction being added (which
    /// holds a key-share lock), and those that come after find the tombstone (409). Answers 1, or 0 when there is nothing to
    /// take down (gone, or a tombstone already).
    /// </summary>
    public const string Remove = """
        WITH old AS (
            SELECT id, content, upload_id, media_type, media_blob_name, poll_question, poll_options
              FROM broadcast_channel_messages WHERE id = @targetId AND removed_at IS NULL FOR UPDATE
        ), kept AS (
            INSERT INTO removed_channel_messages (message_id, content, upload_id, media_type, media_blob_name, poll_question, poll_options,
                                                  removed_at, held_until)
            SELECT id, content, upload_id, media_type, media_blob_name, poll_question, poll_options, @now, @now FROM old
        ), released AS (
            UPDATE uploads SET released_at = @now FROM old WHERE uploads.id = old.upload_id AND uploads.released_at IS NULL
        ), tombstone AS (
            UPDATE broadcast_channel_messages m SET removed_at = @now, content = NULL, upload_id = NULL, media_type = NULL,
                   media_blob_name = NULL, poll_question = NULL, poll_options = NULL
              FROM old WHERE m.id = old.id
        )
        SELECT count(*)::int FROM old
        """;

    /// <summary>It stands (neither a tombstone already nor deleted).</summary>
    /// <summary>The tombstone can come back: its kept content is there and held, its sender's account not deleted, its upload held.</summary>
    private const string Restorable = $"""
        k.message_id = @targetId AND m.id = k.message_id AND m.removed_at IS NOT NULL AND k.held_until > @now
           AND EXISTS (SELECT 1 FROM users a WHERE a.id = m.sender_id AND a.deleted_at IS NULL)
           AND {KeptContentSql.UploadHeld}
        """;

    public const string CanComeBack = $"SELECT EXISTS (SELECT 1 FROM removed_channel_messages k, broadcast_channel_messages m WHERE {Restorable})";

    /// <summary>The tombstone back as the message it was (its kept upload not released: the appeal kept it); the kept row goes.</summary>
    public const string Reinstate = $"""
        WITH kept AS (
            DELETE FROM removed_channel_messages k USING broadcast_channel_messages m
             WHERE {Restorable} AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = k.upload_id AND u.released_at IS NOT NULL)
            RETURNING k.*
        )
        UPDATE broadcast_channel_messages m
           SET removed_at = NULL, content = k.content, upload_id = k.upload_id, media_type = k.media_type, media_blob_name = k.media_blob_name,
               poll_question = k.poll_question, poll_options = k.poll_options
          FROM kept k WHERE m.id = k.message_id
        """;
}
