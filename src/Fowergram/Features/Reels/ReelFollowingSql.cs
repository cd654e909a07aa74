using Fowergram.Features.Posts;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Visibility;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Reels;

/// <summary>
/// The reels tab of followed accounts (docs/reels.md "Following"). Each reel has exactly one position in a reader's tab, so a
/// keyset cursor over (time, reel id) never brings it back on a later page:
/// <list type="bullet">
/// <item>a followed account's own live reel sits at its <c>created_at</c>, as on the author's tab;</item>
/// <item>any other reel a followed account reposted sits at its placing repost — the newest repost among all the followed
///   accounts, not only those older than the cursor — and names that reposter.</item>
/// </list>
/// A repost range keeps only placing reposts (no newer one by another followed account) before its per-account limit: a
/// reposter's newer reposts of reels placed elsewhere would otherwise fill the limit and push a placing one off the page.
/// </summary>
internal static class ReelFollowingSql
{
    /// <summary>
    /// A repost of reel <c>r</c> is shown in this tab while it could be made now (<see cref="ReelRepostsSql"/>): the reel visible to
    /// the reader in its own right, its author public and allowing reposts, a trial only once shared. Reels of accounts the
    /// reader follows are placed by their own time, and the reader's own reels and muted accounts' reels stay out.
    /// </summary>
    /// <remarks>
    /// <see cref="ReelAccess.VisibleTo"/> and <see cref="RepostsSql.Allowed"/> written for an author the reader does not follow:
    /// then <c>can_view_content</c> is "live, public, no block either way" and a trial shows once shared, so one probe of the
    /// author's row (live, public, allowing reposts) and the query's <c>hidden</c> list (blocks both ways, post mutes) say it
    /// all. The policy's EXISTS forms, pulled up into joins in both sources, made the statement plan in 10.5 ms against 3.5 ms
    /// (docs/performance-history.md "The forty-eighth session"); ReelFollowingRepostTests hold the rules.
    /// </remarks>
    private static readonly string RepostShown = $"""
        r.user_id <> @viewer AND r.deleted_at IS NULL AND (r.trial_status IS NULL OR r.trial_status = '{TrialReelRules.Shared}')
        AND (SELECT true FROM users ra
              WHERE ra.id = r.user_id AND ra.deleted_at IS NULL AND ra.is_active AND NOT ra.is_private AND ra.allow_reposts) IS NOT NULL
        AND {FollowingWalk.NotHidden("r.user_id")} AND {FollowingWalk.Follows("r.user_id")} IS NOT TRUE
        """;

    /// <summary>
    /// One page, from two sources merged: the followed accounts' own reels and their placing reposts. Each source first walks
    /// its recency index of the whole table newest first (<see cref="FollowingWalk"/>: reels_live_recent, reel_reposts_recent)
    /// and keeps the rows of followed accounts; only when the walk neither filled the page nor ran out does the per-account
    /// pull follow — per followed account (<see cref="VisibilityPolicy.FollowedAuthors"/>) one range of reels_author_timeline,
    /// or one of reel_reposts_user_recent, each at most @take rows older than the cursor. The reposts stop at the floor the own
    /// reels set. A repost is kept only when no followed account reposted the reel later (reel_reposts_reel_recent from the
    /// repost on; ties go to the larger account id).
    /// </summary>
    public static readonly string Page = $"""
        WITH {FollowingWalk.Ctes},
        authors AS MATERIALIZED ({VisibilityPolicy.FollowedAuthors()}),
        own_walk AS NOT MATERIALIZED ({FollowingWalk.Walk($"""
            SELECT r.id, r.user_id, r.created_at, r.trial_status FROM reels r
            WHERE r.deleted_at IS NULL AND {KeysetSql.Older("r.created_at", "r.id")}
            """, "r.created_at DESC, r.id DESC")}),
        -- The author is followed, so a trial shows once shared (Visibility.ReelTrialShownTo for a follower).
        own_walked AS MATERIALIZED (
            SELECT r.id, r.created_at FROM own_walk r
            WHERE {FollowingWalk.IsFollowedAuthor("r.user_id")} AND (r.trial_status IS NULL OR r.trial_status = '{TrialReelRules.Shared}')
            ORDER BY r.created_at DESC, r.id DESC LIMIT @take),
        {FollowingWalk.Done("own_done", "own_walk", "own_walked")},
        own AS MATERIALIZED (
            SELECT id, created_at FROM own_walked WHERE (SELECT done FROM own_done)
            UNION ALL
            (SELECT lr.id, lr.created_at FROM authors a
             CROSS JOIN LATERAL (
                 SELECT r.id, r.created_at FROM reels r
                 WHERE r.user_id = a.id AND r.deleted_at IS NULL AND {VisibilityPolicy.ReelTrialShownTo("r")} AND {KeysetSql.Older("r.created_at", "r.id")}
                 ORDER BY r.created_at DESC, r.id DESC LIMIT @take) lr
             WHERE NOT (SELECT done FROM own_done)
             ORDER BY lr.created_at DESC, lr.id DESC LIMIT @take)
        ),
        -- Once the followed accounts' own reels fill the page, a repost older than its last cannot make it: the reposts stop
        -- there (the home feed's floor), so they check the reposts of that stretch of time only, not a page per account.
        floor AS MATERIALIZED (SELECT CASE WHEN count(*) = @take THEN min(created_at) ELSE '-infinity' END AS at FROM own),
        -- The floor is checked on the walked rows, not in the walk's range: a range bounded on both sides looked small enough
        -- to the planner to read by a bitmap, sort, and run in parallel workers (0.1-0.26 s to start them on the loaded host).
        shared_walk AS NOT MATERIALIZED ({FollowingWalk.Walk($"""
            SELECT rr.reel_id, rr.user_id, rr.created_at FROM reel_reposts rr
            WHERE {KeysetSql.Older("rr.created_at", "rr.reel_id")}
            """, "rr.created_at DESC, rr.reel_id DESC")}),
        shared_walked AS MATERIALIZED (
            SELECT rr.reel_id AS id, rr.created_at, rr.user_id AS reposted_by_id FROM shared_walk rr JOIN reels r ON r.id = rr.reel_id
            WHERE rr.created_at >= (SELECT at FROM floor) AND {FollowingWalk.IsFollowedAuthor("rr.user_id")} AND {RepostShown}
              -- A scalar probe, not NOT EXISTS: pulled up into an anti-join it multiplied the join orders the planner weighs.
              AND (SELECT true FROM reel_reposts nr
                    WHERE nr.reel_id = rr.reel_id AND (nr.created_at, nr.user_id) > (rr.created_at, rr.user_id)
                      AND {FollowingWalk.IsFollowedAuthor("nr.user_id")} LIMIT 1) IS NULL
            ORDER BY rr.created_at DESC, rr.reel_id DESC LIMIT @take),
        {FollowingWalk.Done("shared_reach", "shared_walk", "shared_walked")},
        -- Done also when the walk went past the floor: it then read every repost down to it.
        shared_done AS MATERIALIZED (
            SELECT (SELECT done FROM shared_reach)
                   OR coalesce((SELECT min(created_at) FROM shared_walk) < (SELECT at FROM floor), false) AS done)
        SELECT m.id, m.created_at, m.reposted_by_id, ru.username AS reposted_by_username, ru.full_name AS reposted_by_full_name,
               ru.avatar AS reposted_by_avatar, ru.is_verified AS reposted_by_is_verified
        FROM (
            SELECT id, created_at, NULL::uuid AS reposted_by_id FROM own
            UNION ALL
            SELECT id, created_at, reposted_by_id FROM shared_walked WHERE (SELECT done FROM shared_done)
            UNION ALL
            (SELECT lp.id, lp.created_at, a.id FROM authors a
             CROSS JOIN LATERAL (
                 SELECT rr.reel_id AS id, rr.created_at FROM reel_reposts rr JOIN reels r ON r.id = rr.reel_id
                 WHERE rr.user_id = a.id AND rr.created_at >= (SELECT at FROM floor) AND {KeysetSql.Older("rr.created_at", "rr.reel_id")}
                   AND {RepostShown}
                   -- IS TRUE keeps the IN a hashed sub-plan, the followed accounts hashed once per query; pulled up into a
                   -- join it rebuilt a hash per repost (a reader following 1,000 accounts, before the floor: 1.7 s against 0.3 s).
                   AND NOT EXISTS (SELECT 1 FROM reel_reposts nr
                                   WHERE nr.reel_id = rr.reel_id AND (nr.created_at, nr.user_id) > (rr.created_at, rr.user_id)
                                     AND (nr.user_id IN (SELECT id FROM authors)) IS TRUE)
                 ORDER BY rr.created_at DESC, rr.reel_id DESC LIMIT @take) lp
             WHERE NOT (SELECT done FROM shared_done)
             ORDER BY lp.created_at DESC, lp.id DESC LIMIT @take)
            ORDER BY created_at DESC, id DESC LIMIT @take
        ) m
        LEFT JOIN users ru ON ru.id = m.reposted_by_id
        ORDER BY m.created_at DESC, m.id DESC
        """;
}

/// <summary>A row of <see cref="ReelFollowingSql.Page"/>: a reel's place in the tab and, when a repost placed it, the reposter.</summary>
internal sealed class FollowingReelPosition
{
    public Guid Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid? RepostedById { get; init; }
    public string? RepostedByUsername { get; init; }
    public string? RepostedByFullName { get; init; }
    public string? RepostedByAvatar { get; init; }
    public bool? RepostedByIsVerified { get; init; }

    public UserSummary? RepostedBy => RepostedById is { } id
        ? new UserSummary(id, RepostedByUsername ?? "", RepostedByFullName ?? "", RepostedByAvatar, RepostedByIsVerified ?? false)
        : null;
}
