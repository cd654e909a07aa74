namespace Fowergram.Features.Reels;

/// <summary>
/// The counters reel-counters keeps. Likes and comments are recounted from their rows, not moved by ±1: a recount
/// is right whatever order, duplicates or pairs (unlike before like) the events come in, so it needs none of the
/// in-flight pairing post-counters does. Each recount first takes a transaction-level advisory lock on its key —
/// a row lock would not cover a missing stats row — and then counts in a new statement, whose snapshot includes
/// every consumer that recounted before the lock was granted; the last event handled therefore leaves the true count.
/// </summary>
internal static class ReelCountersSql
{
    public const string LockReel = "SELECT pg_advisory_xact_lock(hashtext('reel_stats'), hashtext(@reelId::text))";

    /// <summary>Likes (reel_likes_reel), live comments (reel_comments_thread) and saves (saved_reels_reel) of a reel that still exists.</summary>
    public const string RecountEngagement = """
        INSERT INTO reel_stats (reel_id, like_count, comment_count, save_count, updated_at)
        SELECT r.id, (SELECT count(*) FROM reel_likes l WHERE l.reel_id = r.id),
               (SELECT count(*) FROM reel_comments c WHERE c.reel_id = r.id AND c.deleted_at IS NULL AND c.held_at IS NULL),
               (SELECT count(*) FROM saved_reels s WHERE s.reel_id = r.id), @now
        FROM reels r WHERE r.id = @reelId
        ON CONFLICT (reel_id) DO UPDATE
        SET like_count = EXCLUDED.like_count, comment_count = EXCLUDED.comment_count, save_count = EXCLUDED.save_count,
            updated_at = EXCLUDED.updated_at
        """;

    /// <summary>Messages that carry the reel (messages_shared_reel, migration 0083): sent and not unsent.</summary>
    /// <summary>The original's live remixes (reels_remixes); a remix's row outlives its soft delete, so a deletion finds it.</summary>
    public const string RecountRemixes = """
        INSERT INTO reel_stats (reel_id, remix_count, updated_at)
        SELECT r.id, (SELECT count(*) FROM reels x WHERE x.remix_of_id = r.id AND x.deleted_at IS NULL), @now
        FROM reels r WHERE r.id = @reelId
        ON CONFLICT (reel_id) DO UPDATE SET remix_count = EXCLUDED.remix_count, updated_at = EXCLUDED.updated_at
        """;

    /// <summary>The originals the given reels remix, in id order (the order their locks are taken in).</summary>
    public const string Originals = """
        SELECT DISTINCT remix_of_id FROM reels WHERE id = ANY(@reelIds) AND remix_of_id IS NOT NULL ORDER BY remix_of_id
        """;

    public const string RecountShares = """
        INSERT INTO reel_stats (reel_id, share_count, updated_at)
        SELECT r.id, (SELECT count(*) FROM messages m WHERE m.shared_reel_id = r.id), @now
        FROM reels r WHERE r.id = @reelId
        ON CONFLICT (reel_id) DO UPDATE SET share_count = EXCLUDED.share_count, updated_at = EXCLUDED.updated_at
        """;

    /// <summary>Plays only ever add up (each counted play is one event, applied once by its marker), so a run adds its sum.</summary>
    public const string AddPlays = """
        INSERT INTO reel_stats (reel_id, view_count, play_count, updated_at)
        SELECT r.id, @views, @plays, @now FROM reels r WHERE r.id = @reelId
        ON CONFLICT (reel_id) DO UPDATE
        SET view_count = reel_stats.view_count + EXCLUDED.view_count, play_count = reel_stats.play_count + EXCLUDED.play_count,
            updated_at = EXCLUDED.updated_at
        """;

    public const string LockAudio = "SELECT pg_advisory_xact_lock(hashtext('audio_track_stats'), hashtext(@audioTrackId::text))";

    /// <summary>
    /// How many live reels use a sound (reels_audio_track). The sound is key-share locked first, as a reel's write with it is
    /// (ReelsSql.AudioTrackExists): a withdrawal under way (its row being deleted) is waited for and the sound then found gone,
    /// nothing written; one that comes later waits for this commit. Read unlocked, the upsert's foreign key check waited for
    /// the withdrawal and failed (23503), and the delivery with it.
    /// </summary>
    public const string RecountAudio = """
        WITH sound AS (SELECT id FROM audio_tracks WHERE id = @audioTrackId FOR KEY SHARE)
        INSERT INTO audio_track_stats (track_id, usage_count, updated_at)
        SELECT a.id, (SELECT count(*) FROM reels r WHERE r.audio_track_id = a.id AND r.deleted_at IS NULL), @now
        FROM sound a
        ON CONFLICT (track_id) DO UPDATE SET usage_count = EXCLUDED.usage_count, updated_at = EXCLUDED.updated_at
        """;
}
