using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Social;

/// <summary>
/// Followers and following of an account whose content the viewer may see. Entries whose profile the
/// viewer may not see (deleted, deactivated, blocked either way with the viewer) are left out.
/// </summary>
internal static class FollowListsSql
{
    public static readonly string Followers = $"""
        SELECT {UserLists.UserColumns}, f.created_at AS since
        FROM follows f
        JOIN users u ON u.id = f.follower_id
        WHERE f.following_id = @owner AND {Visibility.ProfileFilter("u.id")}
          AND (@afterAt::timestamptz IS NULL OR (f.created_at, f.follower_id) < (@afterAt::timestamptz, @afterId::uuid))
        ORDER BY f.created_at DESC, f.follower_id DESC
        LIMIT @take
        """;

    public static readonly string Following = $"""
        SELECT {UserLists.UserColumns}, f.created_at AS since
        FROM follows f
        JOIN users u ON u.id = f.following_id
        WHERE f.follower_id = @owner AND {Visibility.ProfileFilter("u.id")}
          AND (@afterAt::timestamptz IS NULL OR (f.created_at, f.following_id) < (@afterAt::timestamptz, @afterId::uuid))
        ORDER BY f.created_at DESC, f.following_id DESC
        LIMIT @take
        """;
}
