namespace Fowergram.Features.Social;

/// <summary>SQL of following, unfollowing and follow requests. Run under <see cref="Platform.Content.PairLock"/>.</summary>
internal static class FollowSql
{
    /// <summary>
    /// The target's state as this transaction decides. FOR SHARE on the target's row orders the
    /// decision against a privacy switch (PATCH /users/me locks the row FOR UPDATE): a request made
    /// before the switch is seen by its account.privacy_changed consumer, and none is made after it.
    /// </summary>
    public const string TargetState = """
        SELECT u.is_private,
               is_blocked_between(@me, u.id) AS blocked,
               EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @me AND f.following_id = u.id) AS following
        FROM users u
        WHERE u.id = @target AND u.is_active AND u.deleted_at IS NULL
        FOR SHARE OF u
        """;

    public const string InsertFollow = """
        INSERT INTO follows (follower_id, following_id, created_at) VALUES (@follower, @following, @now)
        ON CONFLICT (follower_id, following_id) DO NOTHING
        """;

    public const string DeleteFollow = """
        DELETE FROM follows WHERE follower_id = @follower AND following_id = @following RETURNING counted
        """;

    public const string InsertRequest = """
        INSERT INTO follow_requests (requester_id, target_id, created_at) VALUES (@requester, @target, @now)
        ON CONFLICT (requester_id, target_id) DO NOTHING
        """;

    public const string DeleteRequest = """
        DELETE FROM follow_requests WHERE requester_id = @requester AND target_id = @target
        """;
}

internal sealed class TargetState
{
    public bool IsPrivate { get; init; }
    public bool Blocked { get; init; }
    public bool Following { get; init; }
}
