using Fowergram.Features.Posts;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
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
    private static readonly string RepostShown = $"""
        r.user_id <> @viewer AND {ReelAccess.VisibleTo} AND {RepostsSql.Allowed("r")}
        AND (r.trial_status IS NULL OR r.trial_status = '{TrialReelRules.Shared}')
        AND NOT EXISTS (SELECT 1 FROM follows ff WHERE ff.follower_id = @viewer AND ff.following_id = r.user_id)
        AND NOT EXISTS (SELECT 1 FROM mutes fm WHERE fm.muter_id = @viewer AND fm.muted_id = r.user_id AND fm.mute_posts)
        """;

    /// <summary>
    /// One page: per followed account (<see cref="VisibilityPolicy.FollowedAuthors"/>) one range of reels_author_timeline and one of
    /// reel_reposts_user_recent, each at most @take rows older than the cursor, merged; the repost ranges stop at the floor the
    /// own reels set. A repost is kept only when no followed account reposted the reel later (reel_reposts_reel_recent from the
    /// repost on; ties go to the larger account id).
    /// </summary>
    public static readonly string Page = $"""
        WITH authors AS MATERIALIZED ({VisibilityPolicy.FollowedAuthors()}),
        own AS MATERIALIZED (
            SELECT lr.id, lr.created_at FROM authors a
            CROSS JOIN LATERAL (
                SELECT r.id, r.created_at FROM reels r
                WHERE r.user_id = a.id AND r.deleted_at IS NULL AND {VisibilityPolicy.ReelTrialShownTo("r")} AND {KeysetSql.Older("r.created_at", "r.id")}
                ORDER BY r.created_at DESC, r.id DESC LIMIT @take) lr
            ORDER BY lr.created_at DESC, lr.id DESC LIMIT @take
        ),
        -- Once the followed accounts' own reels fill the page, a repost older than its last cannot make it: the repost ranges
        -- stop there (the home feed's floor), so they check the reposts of that stretch of time only, not a page per account.
        floor AS (SELECT CASE WHEN count(*) = @take THEN min(created_at) ELSE '-infinity' END AS at FROM own)
        SELECT m.id, m.created_at, m.reposted_by_id, ru.username AS reposted_by_username, ru.full_name AS reposted_by_full_name,
               ru.avatar AS reposted_by_avatar, ru.is_verified AS reposted_by_is_verified
        FROM (
            SELECT id, created_at, NULL::uuid AS reposted_by_id FROM own
            UNION ALL
            SELECT lp.id, lp.created_at, a.id FROM authors a
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
