using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Social;

/// <summary>
/// The accounts @viewer follows that follow @owner ("Followed by …" on a profile, and its full list), walked from the
/// smaller side: the viewer's followees, each probed against the owner by <c>follows_pkey (follower_id, following_id)</c>,
/// or the owner's followers, each probed against the viewer the same way. <see cref="FollowersFewer"/> picks the side at
/// run time. Every probe is a scalar subquery, which the planner never turns into a join: joined, a generic plan (Npgsql
/// prepares a statement after five uses) hashed all 92,406 followers of a large account for a reader with 164 followees
/// (docs/performance-history.md, "The forty-eighth session"). The account found is read by its primary key after the
/// probe, and shown as a profile is (<see cref="Visibility.ProfileFilter"/> written out on the row already read).
/// </summary>
internal static class MutualSql
{
    /// <summary>
    /// Whether the owner has fewer followers than the viewer has followees: the viewer's are counted (one range of an
    /// index), the owner's only up to that number, so the test costs at most twice the smaller side.
    /// </summary>
    public const string FollowersFewer = """
        SELECT (SELECT count(*) FROM (SELECT FROM follows theirs WHERE theirs.following_id = @owner LIMIT mine.n) t) < mine.n
        FROM (SELECT count(*) AS n FROM follows WHERE follower_id = @viewer) mine
        """;

    private static readonly string Shown = $"u.deleted_at IS NULL AND u.is_active AND NOT {Visibility.BlockedBetween("@viewer", "u.id")}";

    /// <summary>The profile's summary: how many, and the first three by username. <c>OFFSET 0</c> keeps each probe to one evaluation.</summary>
    public static readonly string FollowedByFromFollowing = $"""
        SELECT m.username, count(*) OVER () AS total
        FROM (SELECT (SELECT u.username FROM users u WHERE u.id = mine.following_id AND {Shown}) AS username
                FROM follows mine
               WHERE mine.follower_id = @viewer
                 AND (SELECT true FROM follows theirs WHERE theirs.follower_id = mine.following_id AND theirs.following_id = @owner) IS NOT NULL
              OFFSET 0) m
        WHERE m.username IS NOT NULL
        ORDER BY m.username
        LIMIT 3
        """;

    public static readonly string FollowedByFromFollowers = $"""
        SELECT m.username, count(*) OVER () AS total
        FROM (SELECT (SELECT u.username FROM users u WHERE u.id = theirs.follower_id AND {Shown}) AS username
                FROM follows theirs
               WHERE theirs.following_id = @owner
                 AND (SELECT true FROM follows mine WHERE mine.follower_id = @viewer AND mine.following_id = theirs.follower_id) IS NOT NULL
              OFFSET 0) m
        WHERE m.username IS NOT NULL
        ORDER BY m.username
        LIMIT 3
        """;

    /// <summary>
    /// The list, most recent followers of @owner first (<c>since</c>: when the mutual followed the owner). From the
    /// viewer's side every mutual is found and sorted, and only a page of them is then read from users.
    /// </summary>
    public static readonly string ListFromFollowing = $"""
        SELECT {UserLists.UserColumns}, m.since
        FROM (SELECT m.id, m.since
                FROM (SELECT mine.following_id AS id,
                             (SELECT theirs.created_at FROM follows theirs
                               WHERE theirs.follower_id = mine.following_id AND theirs.following_id = @owner) AS since
                        FROM follows mine WHERE mine.follower_id = @viewer
                      OFFSET 0) m
               WHERE m.since IS NOT NULL
                 AND (@afterAt::timestamptz IS NULL OR (m.since, m.id) < (@afterAt::timestamptz, @afterId::uuid))
               ORDER BY m.since DESC, m.id DESC
              OFFSET 0) m
        JOIN users u ON u.id = m.id
        WHERE {Shown}
        ORDER BY m.since DESC, m.id DESC
        LIMIT @take
        """;

    /// <summary>From the owner's side the followers are walked newest first, so the walk stops after a page.</summary>
    public static readonly string ListFromFollowers = $"""
        SELECT {UserLists.UserColumns}, theirs.created_at AS since
        FROM follows theirs
        JOIN users u ON u.id = theirs.follower_id
        WHERE theirs.following_id = @owner
          AND (SELECT true FROM follows mine WHERE mine.follower_id = @viewer AND mine.following_id = theirs.follower_id) IS NOT NULL
          AND {Shown}
          AND (@afterAt::timestamptz IS NULL OR (theirs.created_at, theirs.follower_id) < (@afterAt::timestamptz, @afterId::uuid))
        ORDER BY theirs.created_at DESC, theirs.follower_id DESC
        LIMIT @take
        """;
}

internal sealed class FollowedByRow
{
    public string Username { get; init; } = "";
    public long Total { get; init; }
}
