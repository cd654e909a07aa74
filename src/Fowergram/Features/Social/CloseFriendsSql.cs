using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Social;

internal static class CloseFriendsSql
{
    public const string Insert = """
        INSERT INTO close_friends (user_id, friend_id, created_at)
        SELECT @me, @friend, @now WHERE NOT is_blocked_between(@me, @friend)
        ON CONFLICT (user_id, friend_id) DO NOTHING
        """;

    public const string Delete = "DELETE FROM close_friends WHERE user_id = @me AND friend_id = @friend";

    public static readonly string List = $"""
        SELECT {UserLists.UserColumns}, c.created_at AS since
        FROM close_friends c
        JOIN users u ON u.id = c.friend_id
        WHERE c.user_id = @viewer AND {Visibility.ProfileFilter("u.id")}
          AND (@afterAt::timestamptz IS NULL OR (c.created_at, c.friend_id) < (@afterAt::timestamptz, @afterId::uuid))
        ORDER BY c.created_at DESC, c.friend_id DESC
        LIMIT @take
        """;
}
