namespace Fowergram.Platform.Content;

/// <summary>
/// Limits (account_limits, migration 0108; docs/social-graph.md "Limits") as a condition, shared by the comments they hold
/// (<see cref="CommentHolding"/>) and the message requests they hide (Features/Messages/RequestFilter).
/// </summary>
internal static class InteractionLimits
{
    /// <summary>How recent a follow is that a limit on recent followers holds (Instagram's: a week).</summary>
    public static readonly TimeSpan RecentFollow = TimeSpan.FromDays(7);

    /// <summary>
    /// True when <paramref name="owner"/> limits <paramref name="writer"/> now: a writer who does not follow the owner, or
    /// followed within <see cref="RecentFollow"/> (bound as @recentSince), unless the owner follows them. Binds @now.
    /// </summary>
    public static string Limited(string owner, string writer) => $"""
        coalesce((
            SELECT (l.non_followers AND f.created_at IS NULL) OR (l.recent_followers AND f.created_at > @recentSince)
              FROM account_limits l
              LEFT JOIN follows f ON f.follower_id = {writer} AND f.following_id = {owner}
             WHERE l.user_id = {owner} AND l.until > @now
               AND NOT EXISTS (SELECT 1 FROM follows mine WHERE mine.follower_id = {owner} AND mine.following_id = {writer})), false)
        """;
}
