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

    public static readonly string List = UserLists.OwnList("close_friends", "user_id", "friend_id");
}
