namespace Fowergram.Features.Social;

internal static class BlocksSql
{
    public const string Insert = """
        INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (@me, @other, @now)
        ON CONFLICT (blocker_id, blocked_id) DO NOTHING
        """;

    /// <summary>A block ends every follow between the two, both ways; each is reported as follow.deleted.</summary>
    public const string DeleteFollows = """
        DELETE FROM follows
        WHERE (follower_id = @me AND following_id = @other) OR (follower_id = @other AND following_id = @me)
        RETURNING follower_id, following_id, counted
        """;

    /// <summary>...and every pending request and close-friends entry between them, both ways (they grant access).</summary>
    public const string DeleteRequestsAndCloseFriends = """
        DELETE FROM follow_requests
        WHERE (requester_id = @me AND target_id = @other) OR (requester_id = @other AND target_id = @me);
        DELETE FROM close_friends
        WHERE (user_id = @me AND friend_id = @other) OR (user_id = @other AND friend_id = @me);
        """;

    public const string Delete = "DELETE FROM blocks WHERE blocker_id = @me AND blocked_id = @other";

    /// <summary>The caller's blocks; the blocked accounts are shown (the blocker needs them to unblock), gone accounts are not.</summary>
    public const string List = $"""
        SELECT {UserLists.UserColumns}, b.created_at AS since
        FROM blocks b
        JOIN users u ON u.id = b.blocked_id
        WHERE b.blocker_id = @viewer AND u.is_active AND u.deleted_at IS NULL
          AND (@afterAt::timestamptz IS NULL OR (b.created_at, b.blocked_id) < (@afterAt::timestamptz, @afterId::uuid))
        ORDER BY b.created_at DESC, b.blocked_id DESC
        LIMIT @take
        """;
}

internal sealed class RemovedFollow
{
    public Guid FollowerId { get; init; }
    public Guid FollowingId { get; init; }
    public bool Counted { get; init; }
}
