using Fowergram.Features.Posts;
using Fowergram.Platform.Http;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Reels;

/// <summary>
/// Reposts of reels (docs/reels.md "Reposts", migration 0184), the posts' rules (<see cref="RepostsSql"/>): a repost is shown —
/// on the reposter's tab, in the reposters list and in the count — only while it could be made now: the reel live, its author
/// public and allowing reposts (users.allow_reposts, one switch for posts and reels), and, for each reader, the reel visible
/// to them in its own right (<see cref="ReelAccess.VisibleTo"/>, trials included).
/// </summary>
internal static class ReelRepostsSql
{
    /// <summary>
    /// What a repost of a reel the caller may see needs to know (null when the reel is gone), the live reel and its author
    /// share-locked until the repost commits: a deletion or purge in flight is waited for (it takes the row with an update
    /// lock), and the reel then read again, gone. Without the lock a soft delete committed in between still got its repost row
    /// (the insert's foreign key only key-share locks), and a purge failed that foreign key: a 500. The author's row likewise:
    /// going private, turning reposts off or a deactivation in flight (each an update of it) is waited for and read as it
    /// committed (409, 403; Reposting's second look, a 404); unlocked, the repost read the author as before it and was kept.
    /// </summary>
    public const string Target = """
        SELECT r.user_id AS author_id, u.username AS author_username, u.is_private, u.allow_reposts, r.trial_status
          FROM reels r JOIN users u ON u.id = r.user_id
         WHERE r.id = @reelId AND r.deleted_at IS NULL
           FOR SHARE OF r, u
        """;

    public const string Insert = """
        INSERT INTO reel_reposts (user_id, reel_id, created_at) VALUES (@viewer, @reelId, @now) ON CONFLICT DO NOTHING RETURNING true
        """;

    /// <summary>Undoes the caller's repost, whoever may see the reel now; answers the reel's author.</summary>
    public const string Delete = """
        DELETE FROM reel_reposts rr USING reels r WHERE rr.user_id = @viewer AND rr.reel_id = @reelId AND r.id = rr.reel_id RETURNING r.user_id
        """;

    /// <summary>
    /// An account's reel reposts, newest repost first (reel_reposts_user_recent): reels the viewer may see whose authors still
    /// allow it. The position's time is the repost's, which the keyset walks.
    /// </summary>
    public static readonly string Tab = $"""
        SELECT r.id, rr.created_at
          FROM reel_reposts rr JOIN reels r ON r.id = rr.reel_id
         WHERE rr.user_id = @ownerId AND {ReelAccess.VisibleTo} AND {RepostsSql.Allowed("r")}
           AND {KeysetSql.Older("rr.created_at", "rr.reel_id")}
         ORDER BY rr.created_at DESC, rr.reel_id DESC LIMIT @take
        """;

    /// <summary>Who reposted a reel the viewer may see, newest first: live accounts with no block between them and the viewer.</summary>
    public static readonly string Reposters = $"""
        SELECT u.id, u.username, u.full_name, u.avatar, u.is_verified, rr.created_at AS reposted_at
          FROM reel_reposts rr JOIN users u ON u.id = rr.user_id
         WHERE rr.reel_id = @reelId AND u.deleted_at IS NULL AND u.is_active
           AND EXISTS (SELECT 1 FROM reels r WHERE r.id = @reelId AND {RepostsSql.Allowed("r")})
           AND NOT {VisibilityPolicy.BlockedBetween("@viewer", "u.id")}
           AND {KeysetSql.Older("rr.created_at", "rr.user_id")}
         ORDER BY rr.created_at DESC, rr.user_id DESC LIMIT @take
        """;

    /// <summary>
    /// The reel view's repostCount and isReposted, columns of ReelReadSql's views over its <c>r</c> and author <c>u</c>: for one reel
    /// and for every list alike (one probe of reel_reposts_reel_recent per reel, counted index-only, and one of the primary key).
    /// </summary>
    public const string ViewColumns = """
        CASE WHEN NOT u.is_private AND u.allow_reposts THEN (SELECT count(*) FROM reel_reposts rc WHERE rc.reel_id = r.id) ELSE 0 END
                   AS repost_count,
               (SELECT true FROM reel_reposts rv WHERE rv.reel_id = r.id AND rv.user_id = @viewer) IS NOT NULL AS is_reposted
        """;
}

/// <summary>A row of <see cref="ReelRepostsSql.Target"/>.</summary>
internal sealed class ReelRepostTarget
{
    public Guid AuthorId { get; init; }
    public string AuthorUsername { get; init; } = "";
    public bool IsPrivate { get; init; }
    public bool AllowReposts { get; init; }
    public string? TrialStatus { get; init; }
}
