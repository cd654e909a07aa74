using Fowergram.Platform.Http;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Live;

/// <summary>
/// SQL of the broadcaster's review of held live comments (docs/live.md "Held comments", migrations 0147 and 0151). The
/// approval runs under the stream row's lock (<see cref="LiveSql.LockOwn"/>), the order every writer of a broadcast keeps.
/// </summary>
internal static class LiveHeldSql
{
    /// <summary>
    /// The broadcaster of a broadcast the viewer may see (<see cref="LiveSql.ShownTo"/>): the owner reviews, anyone else who may
    /// see it gets a 403.
    /// </summary>
    public static readonly string VisibleOwner = $"SELECT ls.user_id FROM live_streams ls WHERE ls.id = @streamId AND {LiveSql.ShownTo}";

    /// <summary>
    /// The broadcast's held comments, newest first (live_comments_held), with the comments list's author rule: gone, blocked
    /// either way, or removed from the broadcast (the list hides them shown, so approving them would show nothing) are left out.
    /// </summary>
    public static readonly string Held = $"""
        SELECT c.id, c.user_id AS author_id, u.username, u.full_name, u.avatar, u.is_verified, c.content, c.created_at
        FROM live_comments c JOIN users u ON u.id = c.user_id
        WHERE c.stream_id = @streamId AND c.held_at IS NOT NULL AND {VisibilityPolicy.ProfileFilter("c.user_id")}
          AND {KeysetSql.Older("c.created_at", "c.id")}
          AND NOT EXISTS (SELECT 1 FROM live_stream_removals lsr WHERE lsr.stream_id = c.stream_id AND lsr.user_id = c.user_id)
        ORDER BY c.created_at DESC, c.id DESC LIMIT @take
        """;

    /// <summary>
    /// The writer of comment <c>c</c> is one the review list (<see cref="Held"/>) shows the broadcaster (@callerId): live, no
    /// block either way, not removed from the broadcast. What the list hides is not approved (404): shown, it would count a
    /// comment nobody sees (docs/live.md "Held comments").
    /// </summary>
    private static readonly string WriterReviewable = $"""
        {VisibilityPolicy.ProfileFilter("c.user_id", "@callerId")}
        AND NOT EXISTS (SELECT 1 FROM live_stream_removals lsr WHERE lsr.stream_id = c.stream_id AND lsr.user_id = c.user_id)
        """;

    /// <summary>A comment of this broadcast: whether it is held (no row: not this broadcast's, gone, or its writer out of review).</summary>
    public static readonly string IsHeld =
        $"SELECT c.held_at IS NOT NULL FROM live_comments c WHERE c.id = @commentId AND c.stream_id = @streamId AND {WriterReviewable}";

    /// <summary>
    /// Shows a held comment of the broadcast and counts it, in one statement; answers how many were shown (0 or 1). The
    /// update re-checks held_at on the newest row, so of two approvals only one counts even without the stream lock.
    /// </summary>
    public static readonly string Approve = $"""
        WITH shown AS (
            UPDATE live_comments c SET held_at = NULL
             WHERE c.id = @commentId AND c.stream_id = @streamId AND c.held_at IS NOT NULL AND {WriterReviewable}
            RETURNING c.stream_id
        ), counted AS (
            UPDATE live_stream_stats st SET comment_count = st.comment_count + 1, updated_at = @now
              FROM shown WHERE st.stream_id = shown.stream_id
        )
        SELECT count(*) FROM shown
        """;
}
