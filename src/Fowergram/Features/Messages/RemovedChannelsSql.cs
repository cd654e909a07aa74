namespace Fowergram.Features.Messages;

/// <summary>
/// A moderator's takedown of a whole broadcast channel (docs/messages.md "Removed channels", migration 0185): removed_at hides
/// it from everyone, its owner too (<see cref="Fowergram.Platform.Visibility.ChannelVisibility.Seen"/>), and everything in it
/// stays as it was. The uploads of its messages are its objects, held by their release time as a reel's are
/// (<see cref="Fowergram.Platform.Content.ReleasedUploadsReinstatement"/>): released as of the appeal window's end, not at all
/// while an appeal is open; an upheld removal deletes the channel and releases them now.
/// </summary>
internal static class RemovedChannelsSql
{
    /// <summary>The uploads of the channel's standing messages (a removed message's kept one has its own hold).</summary>
    private const string Uploads = """
        uploads.id IN (SELECT m.upload_id FROM broadcast_channel_messages m WHERE m.channel_id = @targetId AND m.upload_id IS NOT NULL)
        """;

    /// <summary>Hides it; its messages' uploads released as of now unless the appeal window holds them. Answers 1, or 0 when gone or removed already.</summary>
    public const string Remove = $"""
        WITH removed AS (
            UPDATE broadcast_channels SET removed_at = @now WHERE id = @targetId AND removed_at IS NULL RETURNING id
        ), released AS (
            UPDATE uploads SET released_at = @now WHERE {Uploads} AND uploads.released_at IS NULL AND EXISTS (SELECT 1 FROM removed)
        )
        SELECT count(*)::int FROM removed
        """;

    public const string Hold = $"UPDATE uploads SET released_at = @until WHERE {Uploads} AND uploads.object_deleted_at IS NULL";

    /// <summary>Some object is released as of @now (media-cleanup may be deleting it) or deleted: the channel cannot come back whole.</summary>
    private const string ObjectsGoing = $"""
        EXISTS (SELECT 1 FROM uploads WHERE {Uploads} AND (uploads.released_at <= @now OR uploads.object_deleted_at IS NOT NULL))
        """;

    /// <summary>The channel is removed, its owner's account not deleted, and its objects still held.</summary>
    private const string Restorable = $"""
        c.id = @targetId AND c.removed_at IS NOT NULL AND NOT {ObjectsGoing}
           AND EXISTS (SELECT 1 FROM users a WHERE a.id = c.owner_id AND a.deleted_at IS NULL)
        """;

    public const string CanComeBack = $"SELECT EXISTS (SELECT 1 FROM broadcast_channels c WHERE {Restorable})";

    /// <summary>Kept until the appeal is decided: its objects not released. Answers whether it was (not when it cannot come back).</summary>
    public const string Keep = $"""
        WITH kept AS (SELECT c.id FROM broadcast_channels c WHERE {Restorable} FOR UPDATE),
        unreleased AS (UPDATE uploads SET released_at = NULL WHERE {Uploads} AND EXISTS (SELECT 1 FROM kept))
        SELECT count(*) FROM kept
        """;

    /// <summary>
    /// The removal upheld: the channel goes with everything in it (as its owner's purge takes it), every upload of its
    /// messages, kept ones included, released now.
    /// </summary>
    public const string Release = """
        WITH doomed AS (
            SELECT id FROM broadcast_channels WHERE id = @targetId AND removed_at IS NOT NULL FOR UPDATE
        ), released AS (
            UPDATE uploads SET released_at = @now
             WHERE uploads.id IN (SELECT m.upload_id FROM broadcast_channel_messages m JOIN doomed ON m.channel_id = doomed.id
                                  UNION ALL
                                  SELECT k.upload_id FROM removed_channel_messages k JOIN broadcast_channel_messages m ON m.id = k.message_id
                                    JOIN doomed ON m.channel_id = doomed.id)
               AND uploads.object_deleted_at IS NULL AND (uploads.released_at IS NULL OR uploads.released_at > @now)
        )
        DELETE FROM broadcast_channels c USING doomed WHERE c.id = doomed.id
        """;

    /// <summary>
    /// Locks the owner's row, as creating a channel does (<see cref="ChannelsSql.LockOwnerAndCountLive"/>): the count of their
    /// live channels that follows, in a statement of its own, sees every creation committed before and none can slip in after.
    /// </summary>
    public const string LockOwner = """
        SELECT u.id FROM broadcast_channels c JOIN users u ON u.id = c.owner_id WHERE c.id = @targetId FOR NO KEY UPDATE OF u
        """;

    /// <summary>
    /// A reinstated live channel that would put its owner above the cap of live channels comes back ended:
    /// the cap holds for every owner at every time, not only when creating. Its history stays readable to its readers. Answers
    /// the owner and the name, to tell them.
    /// </summary>
    public static readonly string EndAboveCap = $"""
        UPDATE broadcast_channels c SET ended_at = @now, updated_at = greatest(c.updated_at, @now)
         WHERE c.id = @targetId AND c.ended_at IS NULL AND c.removed_at IS NULL
           AND (SELECT count(*) FROM broadcast_channels l
                 WHERE l.owner_id = c.owner_id AND l.id <> c.id AND l.ended_at IS NULL AND l.removed_at IS NULL) >= {ChannelRules.MaxLiveChannels}
        RETURNING c.owner_id, c.name
        """;

    /// <summary>Back as it was (its objects not released: the appeal kept them). Answers 1, or 0 when it cannot come back.</summary>
    public const string Reinstate = $"""
        UPDATE broadcast_channels c SET removed_at = NULL
         WHERE {Restorable} AND NOT EXISTS (SELECT 1 FROM uploads WHERE {Uploads} AND uploads.released_at IS NOT NULL)
        """;
}
