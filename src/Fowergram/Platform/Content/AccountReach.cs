namespace Fowergram.Platform.Content;

/// <summary>
/// Account-wide reach (docs/insights.md "Accounts reached", migration 0208): one account_reach row per owner and viewing
/// account with the UTC day of the latest look and whether the viewer followed the owner then. Written by the statements
/// that already record a look at the owner's content (post impressions, reel plays, video views, story views) as one more
/// CTE of the same statement, so reach costs no round trip of its own. Here because four features write it; insights reads it.
/// </summary>
public static class AccountReach
{
    // The look's UTC day, from the @now every recording statement binds.
    private const string Today = "(@now::timestamptz AT TIME ZONE 'UTC')::date";

    /// <summary>
    /// The CTE <c>reached</c>: @viewer looked today at content of the owners that <paramref name="owners"/> (a SELECT of an
    /// <c>owner_id</c> column, repeats allowed) names. The viewer's own content is left out. A row already marked today is
    /// skipped before the insert, so repeated looks the same day neither write nor lock it; two first looks at once meet
    /// the key, and the later day wins. Owners in order: two looks of one viewer at once lock rows in the same order.
    /// </summary>
    public static string Upsert(string owners) => $"""
        reached AS (
            INSERT INTO account_reach AS r (owner_id, viewer_id, last_day, follower)
            SELECT o.owner_id, @viewer, {Today},
                   EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @viewer AND f.following_id = o.owner_id)
              FROM (SELECT DISTINCT owner_id FROM ({owners}) AS looked) AS o
             WHERE o.owner_id <> @viewer
               AND NOT EXISTS (SELECT 1 FROM account_reach x
                                WHERE x.owner_id = o.owner_id AND x.viewer_id = @viewer AND x.last_day >= {Today})
             ORDER BY o.owner_id
            ON CONFLICT (owner_id, viewer_id) DO UPDATE SET last_day = excluded.last_day, follower = excluded.follower
             WHERE r.last_day < excluded.last_day)
        """;
}
