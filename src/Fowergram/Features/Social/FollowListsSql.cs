using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Social;

/// <summary>
/// Followers and following of an account whose content the viewer may see. Entries whose profile the
/// viewer may not see (deleted, deactivated, blocked either way with the viewer) are left out.
/// </summary>
internal static class FollowListsSql
{
    /// <summary>
    /// <c>?q=</c>: the entry's username or name holds the term (@contains, a LIKE pattern escaped with
    /// <c>\</c> by LikePattern, so the ESCAPE must name it: with none, "ann_" would look for a backslash), as the
    /// search box over a followers list does; no term, every entry. The list is walked in its own order and filtered.
    /// </summary>
    private const string Matching = """
        (@contains::text IS NULL OR u.username LIKE @contains ESCAPE '\' OR u.full_name ILIKE @contains ESCAPE '\')
        """;

    public static readonly string Followers = $"""
        SELECT {UserLists.UserColumns}, f.created_at AS since
        FROM follows f
        JOIN users u ON u.id = f.follower_id
        WHERE f.following_id = @owner AND {Visibility.ProfileFilter("u.id")} AND {Matching}
          AND (@afterAt::timestamptz IS NULL OR (f.created_at, f.follower_id) < (@afterAt::timestamptz, @afterId::uuid))
        ORDER BY f.created_at DESC, f.follower_id DESC
        LIMIT @take
        """;

    public static readonly string Following = $"""
        SELECT {UserLists.UserColumns}, f.created_at AS since
        FROM follows f
        JOIN users u ON u.id = f.following_id
        WHERE f.follower_id = @owner AND {Visibility.ProfileFilter("u.id")} AND {Matching}
          AND (@afterAt::timestamptz IS NULL OR (f.created_at, f.following_id) < (@afterAt::timestamptz, @afterId::uuid))
        ORDER BY f.created_at DESC, f.following_id DESC
        LIMIT @take
        """;
}
