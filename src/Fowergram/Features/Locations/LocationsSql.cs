using Fowergram.Features.Reels;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Moderation;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Locations;

/// <summary>
/// Places are the case-folded free-text locations of posts and reels (posts.location, reels.location). Each read answers
/// nothing for a token whose account is gone (LiveCaller.GuestOrLive), and LocationsApi tells that empty answer apart.
/// </summary>
internal static class LocationsSql
{
    /// <summary>Matching posts, and reels, read per search at most: the counts are of these, so a search costs the same however popular the term.</summary>
    public const int ScanLimit = 10_000;

    /// <summary>
    /// Places whose name contains the term (posts_location_trgm, reels_location_trgm), taken only from posts and reels of
    /// public, live accounts that no block stands between and the searcher (@viewer, null for a guest): a place named only by
    /// a private account (a home address) is never suggested to anyone, nor one named only by an account that blocked the
    /// searcher or that the searcher blocked, nor one named only by posts and reels limited while in review (ReviewLimit:
    /// their place pages leave them out too), nor a trial reel to its author's followers (ReelTrialShownTo, as its reels tab).
    /// The counts and the spelling shown are of the same posts and reels, so neither tells of a blocked account's content or
    /// of a trial reel its followers are not shown. The exact name first, then the most used.
    /// </summary>
    /// <remarks>
    /// The searcher's blocks either way are read once (<c>blocked</c>, a handful of rows) and each scanned row is checked
    /// against that set (a hashed sub-plan), not by two index probes per row: a search reads up to 2 × <see cref="ScanLimit"/> rows.
    /// </remarks>
    public static readonly string Search = $"""
        WITH blocked AS MATERIALIZED (
            SELECT blocked_id AS id FROM blocks WHERE blocker_id = @viewer
            UNION SELECT blocker_id FROM blocks WHERE blocked_id = @viewer)
        SELECT mode() WITHIN GROUP (ORDER BY m.location) AS name,
               count(*) FILTER (WHERE NOT m.is_reel) AS post_count, count(*) FILTER (WHERE m.is_reel) AS reel_count
        FROM ((SELECT p.location, false AS is_reel FROM posts p JOIN users u ON u.id = p.user_id
               WHERE p.location ILIKE @contains ESCAPE '\' AND p.location IS NOT NULL AND p.deleted_at IS NULL AND NOT p.is_archived
                 AND NOT u.is_private AND u.deleted_at IS NULL AND u.is_active AND u.id NOT IN (SELECT id FROM blocked)
                 AND {ReviewLimit.NotLimited("post", "p.id")}
               LIMIT {ScanLimit})
              UNION ALL
              (SELECT r.location, true FROM reels r JOIN users u ON u.id = r.user_id
               WHERE r.location ILIKE @contains ESCAPE '\' AND r.location IS NOT NULL AND r.deleted_at IS NULL
                 AND NOT u.is_private AND u.deleted_at IS NULL AND u.is_active AND u.id NOT IN (SELECT id FROM blocked)
                 AND {ReviewLimit.NotLimited("reel", "r.id")} AND {VisibilityPolicy.ReelTrialShownTo("r")}
               LIMIT {ScanLimit})) m
        WHERE {LiveCaller.GuestOrLive("@viewer")}
        GROUP BY lower(m.location)
        ORDER BY lower(m.location) = lower(@term) DESC, count(*) DESC, lower(m.location)
        LIMIT @limit
        """;

    /// <summary>
    /// The place's posts the viewer may see, newest first (posts_place_recent). Both sides are case-folded by PostgreSQL's
    /// lower(), as the index is. A place's page recommends to whoever opens it, as a hashtag's does: none limited while in
    /// review (ReviewLimit) but the viewer's own.
    /// </summary>
    public static readonly string Posts = $"""
        SELECT p.id, p.created_at FROM posts p
        WHERE lower(p.location) = lower(@place) AND p.location IS NOT NULL AND p.deleted_at IS NULL AND NOT p.is_archived
          AND {PostAccess.VisibleTo} AND (p.user_id = @viewer OR {ReviewLimit.NotLimited("post", "p.id")})
          AND {KeysetSql.Older("p.created_at", "p.id")} AND {LiveCaller.GuestOrLive("@viewer")}
        ORDER BY p.created_at DESC, p.id DESC LIMIT @take
        """;
    /// <summary>The place's reels the viewer may see, newest first (reels_place_recent), case-folded and limited as posts are.</summary>
    public static readonly string Reels = $"""
        SELECT r.id, r.created_at FROM reels r
        WHERE lower(r.location) = lower(@place) AND r.location IS NOT NULL AND {ReelAccess.VisibleTo}
          AND (r.user_id = @viewer OR {ReviewLimit.NotLimited("reel", "r.id")})
          AND {KeysetSql.Older("r.created_at", "r.id")} AND {LiveCaller.GuestOrLive("@viewer")}
        ORDER BY r.created_at DESC, r.id DESC LIMIT @take
        """;
}

internal sealed class PlaceRow
{
    public string Name { get; init; } = "";
    public long PostCount { get; init; }
    public long ReelCount { get; init; }
}
