using Fowergram.Platform.Http;

namespace Fowergram.Features.Reels;

internal static class TrialReelsSql
{
    /// <summary>The author's live trials, newest first (reels_author_trials).</summary>
    public static readonly string Own = $"""
        SELECT r.id, r.created_at FROM reels r
        WHERE r.user_id = @viewer AND r.trial_status IS NOT NULL AND r.deleted_at IS NULL AND {KeysetSql.Older("r.created_at", "r.id")}
        ORDER BY r.created_at DESC, r.id DESC LIMIT @take
        """;

    /// <summary>
    /// What a shared trial's announcement says of a remix (<see cref="TrialReels.AnnounceAsync"/>): the reel it remixes and that
    /// reel's author (null when it remixes nothing, or the original was purged).
    /// </summary>
    private static string RemixedAuthor(string reel) =>
        $"{reel}.remix_of_id, (SELECT o.user_id FROM reels o WHERE o.id = {reel}.remix_of_id) AS remix_of_author_id";

    /// <summary>
    /// The author shares a trial with the followers, owner-scoped: a running one (settled now, even past its end before the
    /// job has run: the job takes only running trials) or an ended one (it keeps the time it stopped running).
    /// </summary>
    public static readonly string Share = $"""
        UPDATE reels SET trial_status = 'shared', trial_settled_at = coalesce(trial_settled_at, @now)
        WHERE id = @reelId AND user_id = @callerId AND deleted_at IS NULL AND trial_status IN ('running', 'ended')
        RETURNING id, user_id, caption, audio_track_id, {RemixedAuthor("reels")}
        """;

    /// <summary>Why a share changed nothing: the caller's live reel's trial state, or no row (404).</summary>
    public const string State = """
        SELECT trial_status AS status, trial_ends_at AS ends_at FROM reels WHERE id = @reelId AND user_id = @callerId AND deleted_at IS NULL
        """;

    /// <summary>
    /// The trial-reels job's batch: running trials whose end has come (reels_trials_running), locked so another run skips them.
    /// FOR NO KEY UPDATE, not FOR UPDATE: the latter conflicts with a like's, comment's or view's foreign key check, so SKIP
    /// LOCKED left a reel being liked running, and the likes waited for the batch (docs/data-model.md "Row locks").
    /// Each is shared when its author asked for auto-share, it is live, and its counted plays beat the median of the plays of
    /// the author's latest @compared reels posted before it that followers see (never a trial, or a trial shared), given at
    /// least @minCompared of them; otherwise it ends. Returns what the announcement of a shared one needs.
    /// </summary>
    public static readonly string Settle = $"""
        WITH due AS (
            SELECT r.id, r.user_id, r.created_at, r.trial_auto_share, r.deleted_at FROM reels r
            WHERE r.trial_status = 'running' AND r.trial_ends_at <= @now
            ORDER BY r.trial_ends_at, r.id LIMIT @batch FOR NO KEY UPDATE SKIP LOCKED),
        decided AS (
            SELECT d.id, coalesce(d.trial_auto_share AND d.deleted_at IS NULL AND bar.compared >= @minCompared
                                  AND coalesce((SELECT s.play_count FROM reel_stats s WHERE s.reel_id = d.id), 0) > bar.median, false) AS share
            FROM due d
            CROSS JOIN LATERAL (
                SELECT count(*) AS compared, percentile_cont(0.5) WITHIN GROUP (ORDER BY coalesce(s.play_count, 0)) AS median
                FROM (SELECT c.id FROM reels c
                      WHERE c.user_id = d.user_id AND c.deleted_at IS NULL AND c.created_at < d.created_at
                        AND coalesce(c.trial_status, 'shared') = 'shared'
                      ORDER BY c.created_at DESC, c.id DESC LIMIT @compared) c
                LEFT JOIN reel_stats s ON s.reel_id = c.id) bar)
        UPDATE reels r SET trial_status = CASE WHEN d.share THEN 'shared' ELSE 'ended' END, trial_settled_at = @now
        FROM decided d WHERE r.id = d.id
        RETURNING r.id, r.user_id, r.caption, r.audio_track_id, {RemixedAuthor("r")}, d.share AS shared
        """;

    /// <summary>The author hears how the trial ended (a system notice naming the reel, as a scheduled reel's "was shared").</summary>
    public const string SettledNotice = """
        INSERT INTO notifications (id, user_id, type, message, entity_type, entity_id, created_at)
        VALUES (@id, @userId, 'system', @message, 'reel', @reelId, @now)
        """;
}

internal sealed class SettledTrial
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public string Caption { get; init; } = "";
    public Guid? AudioTrackId { get; init; }
    public Guid? RemixOfId { get; init; }
    public Guid? RemixOfAuthorId { get; init; }
    public bool Shared { get; init; }
}

internal sealed class TrialState
{
    public string? Status { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
}
