namespace Fowergram.Platform.Content;

/// <summary>
/// Whose like and share counts a viewer is shown (docs/posts.md "Hiding like and share counts"): an author hides a post's or
/// reel's like count from everyone else (likes_disabled); a viewer who turned counts off (users.show_like_counts, migration
/// 0175) sees none on other accounts' posts, reels and videos — always their own.
/// </summary>
public static class LikeCounts
{
    /// <summary>
    /// SQL, a column of each reader's row: whether @viewer shows counts. One primary-key probe per statement (an InitPlan);
    /// an anonymous caller (@viewer NULL) sees them.
    /// </summary>
    public const string ViewerShows = "((SELECT lv.show_like_counts FROM users lv WHERE lv.id = @viewer) IS NOT FALSE) AS viewer_shows_counts";

    /// <summary>The count as the viewer is shown it: null (left out of the answer) when hidden.</summary>
    public static long? Shown(long count, Guid authorId, Guid? viewer, bool viewerShows, bool authorHides = false) =>
        authorId == viewer || (viewerShows && !authorHides) ? count : null;
}
