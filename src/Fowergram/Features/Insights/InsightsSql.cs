namespace Fowergram.Features.Insights;

/// <summary>
/// Insights read from what is already counted (docs/insights.md): the counters of post_stats, reel_stats, igtv_stats and
/// story_stats, saves and shares counted per post, new followers from follows. Only the content the account shared in the
/// window is read (each kind by its author-timeline index), so the cost grows with how much it posted, not how popular it is.
/// </summary>
internal static class InsightsSql
{
    /// <summary>The account's live content created in (@since, @now], each piece with its counts; binds @viewer.</summary>
    private const string Content = """
        WITH posts_in AS (
            SELECT p.id, p.created_at, coalesce(s.like_count, 0) AS likes, coalesce(s.comment_count, 0) AS comments,
                   (SELECT count(*) FROM saved_posts sp WHERE sp.post_id = p.id) AS saves,
                   (SELECT count(*) FROM messages m WHERE m.shared_post_id = p.id) AS shares
              FROM posts p LEFT JOIN post_stats s ON s.post_id = p.id
             WHERE p.user_id = @viewer AND p.created_at > @since AND p.created_at <= @now AND p.deleted_at IS NULL),
        reels_in AS (
            SELECT r.id, r.created_at, coalesce(s.play_count, 0) AS plays, coalesce(s.like_count, 0) AS likes,
                   coalesce(s.comment_count, 0) AS comments, coalesce(s.save_count, 0) AS saves, coalesce(s.share_count, 0) AS shares,
                   (SELECT count(*) FROM reel_reposts rr WHERE rr.reel_id = r.id) AS reposts
              FROM reels r LEFT JOIN reel_stats s ON s.reel_id = r.id
             WHERE r.user_id = @viewer AND r.created_at > @since AND r.created_at <= @now AND r.deleted_at IS NULL),
        videos_in AS (
            SELECT v.id, v.created_at, coalesce(s.view_count, 0) AS views, coalesce(s.like_count, 0) AS likes,
                   coalesce(s.comment_count, 0) AS comments, coalesce(s.share_count, 0) AS shares
              FROM igtv_videos v LEFT JOIN igtv_stats s ON s.video_id = v.id
             WHERE v.user_id = @viewer AND v.created_at > @since AND v.created_at <= @now AND v.deleted_at IS NULL AND v.is_published),
        stories_in AS (
            SELECT st.id, coalesce(s.view_count, 0) AS views, coalesce(s.reaction_count, 0) AS reactions
              FROM stories st LEFT JOIN story_stats s ON s.story_id = st.id
             WHERE st.user_id = @viewer AND st.created_at > @since AND st.created_at <= @now AND st.deleted_at IS NULL)
        """;

    /// <summary>
    /// The totals of the window; then its five pieces with the most interactions (likes, comments, saves, shares, and for
    /// reels their reposts, counted as the reel's own insights count them: every reel_reposts row, one probe of
    /// reel_reposts_reel_recent per reel).
    /// </summary>
    public const string Account = $"""
        {Content}
        SELECT coalesce((SELECT follower_count FROM user_stats WHERE user_id = @viewer), 0) AS followers,
               (SELECT count(*) FROM follows f JOIN users u ON u.id = f.follower_id
                 WHERE f.following_id = @viewer AND f.created_at > @since AND f.created_at <= @now
                   AND u.is_active AND u.deleted_at IS NULL) AS new_followers,
               (SELECT count(*) FROM follower_losses l
                 WHERE l.user_id = @viewer AND l.lost_at > @since AND l.lost_at <= @now
                   AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = l.follower_id AND f.following_id = @viewer)) AS lost_followers,
               (SELECT count(*) FROM posts_in) AS posts, (SELECT coalesce(sum(likes), 0) FROM posts_in) AS post_likes,
               (SELECT coalesce(sum(comments), 0) FROM posts_in) AS post_comments, (SELECT coalesce(sum(saves), 0) FROM posts_in) AS post_saves,
               (SELECT coalesce(sum(shares), 0) FROM posts_in) AS post_shares,
               (SELECT count(*) FROM reels_in) AS reels, (SELECT coalesce(sum(plays), 0) FROM reels_in) AS reel_plays,
               (SELECT coalesce(sum(likes), 0) FROM reels_in) AS reel_likes, (SELECT coalesce(sum(comments), 0) FROM reels_in) AS reel_comments,
               (SELECT coalesce(sum(saves), 0) FROM reels_in) AS reel_saves, (SELECT coalesce(sum(shares), 0) FROM reels_in) AS reel_shares,
               (SELECT coalesce(sum(reposts), 0) FROM reels_in) AS reel_reposts,
               (SELECT count(*) FROM videos_in) AS videos, (SELECT coalesce(sum(views), 0) FROM videos_in) AS video_views,
               (SELECT coalesce(sum(likes), 0) FROM videos_in) AS video_likes, (SELECT coalesce(sum(comments), 0) FROM videos_in) AS video_comments,
               (SELECT coalesce(sum(shares), 0) FROM videos_in) AS video_shares,
               (SELECT count(*) FROM stories_in) AS stories, (SELECT coalesce(sum(views), 0) FROM stories_in) AS story_views,
               (SELECT coalesce(sum(reactions), 0) FROM stories_in) AS story_reactions;

        {Content}
        SELECT type, id, created_at, interactions FROM (
            SELECT 'post' AS type, id, created_at, likes + comments + saves + shares AS interactions FROM posts_in
            UNION ALL SELECT 'reel', id, created_at, likes + comments + saves + shares + reposts FROM reels_in
            UNION ALL SELECT 'video', id, created_at, likes + comments + shares FROM videos_in) AS content
         ORDER BY interactions DESC, created_at DESC, id DESC LIMIT 5
        """;

    /// <summary>
    /// Accounts reached (account_reach, migration 0208): the accounts whose latest look at the caller's content was on a UTC
    /// day after @sinceDay, today included, split by whether they followed then: one range of account_reach_window, index-only.
    /// </summary>
    public const string Reach = """
        SELECT count(*) AS accounts, count(*) FILTER (WHERE follower) AS followers, count(*) FILTER (WHERE NOT follower) AS non_followers
          FROM account_reach WHERE owner_id = @viewer AND last_day > @sinceDay
        """;

    /// <summary>One post of the caller's (archived too; not deleted) with its counts; no row for anyone else's.</summary>
    public const string Post = """
        SELECT p.id, p.created_at, p.is_archived, coalesce(s.like_count, 0) AS likes, coalesce(s.comment_count, 0) AS comments,
               (SELECT count(*) FROM saved_posts sp WHERE sp.post_id = p.id) AS saves,
               (SELECT count(*) FROM messages m WHERE m.shared_post_id = p.id) AS shares
          FROM posts p LEFT JOIN post_stats s ON s.post_id = p.id
         WHERE p.id = @id AND p.user_id = @viewer AND p.deleted_at IS NULL
        """;

    /// <summary>
    /// One reel of the caller's (trials too; not deleted) with its counters (reel_stats: plays, likes, comments, shares in
    /// messages, saves, remixes), its reach from its reel_views rows (one per account; one range of reel_views_pkey, split by
    /// whether each followed the author at the first play: rows from before migration 0206 on neither side) and its reposts
    /// (one range of reel_reposts_reel_recent).
    /// </summary>
    public const string Reel = """
        SELECT r.id, r.created_at, coalesce(s.play_count, 0) AS plays, reach.accounts, reach.followers, reach.non_followers,
               coalesce(s.like_count, 0) AS likes, coalesce(s.comment_count, 0) AS comments, coalesce(s.share_count, 0) AS shares,
               coalesce(s.save_count, 0) AS saves, coalesce(s.remix_count, 0) AS remixes,
               (SELECT count(*) FROM reel_reposts rr WHERE rr.reel_id = r.id) AS reposts
          FROM reels r LEFT JOIN reel_stats s ON s.reel_id = r.id
         CROSS JOIN LATERAL (
               SELECT count(*) AS accounts, count(*) FILTER (WHERE v.follower) AS followers,
                      count(*) FILTER (WHERE NOT v.follower) AS non_followers
                 FROM reel_views v WHERE v.reel_id = r.id) AS reach
         WHERE r.id = @id AND r.user_id = @viewer AND r.deleted_at IS NULL
        """;

    /// <summary>One long-form video of the caller's (drafts too; not deleted) with its counters (igtv_stats; views are one per account).</summary>
    public const string Video = """
        SELECT v.id, v.created_at, v.published_at, coalesce(s.view_count, 0) AS views, coalesce(s.like_count, 0) AS likes,
               coalesce(s.comment_count, 0) AS comments, coalesce(s.share_count, 0) AS shares
          FROM igtv_videos v LEFT JOIN igtv_stats s ON s.video_id = v.id
         WHERE v.id = @id AND v.user_id = @viewer AND v.deleted_at IS NULL
        """;

    /// <summary>
    /// One story of the caller's (expired and archived too; not deleted) with what it received: views and reactions from
    /// story_stats, replies and shares from the messages that carry it, reshares from the stories that show it, and the
    /// answers to its stickers (each table through its story's sticker row). The author's own countdown reminder is no answer
    /// (docs/stories.md "Answering one's own story": it counts in nothing shown, as the owner's reminderCount leaves it out).
    /// </summary>
    public const string Story = """
        SELECT st.id, st.created_at, st.expires_at, coalesce(s.view_count, 0) AS views, coalesce(s.reaction_count, 0) AS reactions,
               (SELECT count(*) FROM messages m WHERE m.shared_story_id = st.id AND m.message_type = 'story_reply') AS replies,
               (SELECT count(*) FROM messages m WHERE m.shared_story_id = st.id AND m.message_type = 'story_share') AS shares,
               (SELECT count(*) FROM stories r WHERE r.shared_story_id = st.id AND r.deleted_at IS NULL) AS reshares,
               (SELECT count(*) FROM story_polls p JOIN story_poll_votes v ON v.poll_id = p.id WHERE p.story_id = st.id) AS poll_votes,
               (SELECT count(*) FROM story_quizzes q JOIN story_quiz_answers a ON a.quiz_id = q.id WHERE q.story_id = st.id) AS quiz_answers,
               (SELECT count(*) FROM story_sliders sl JOIN story_slider_responses r ON r.slider_id = sl.id WHERE sl.story_id = st.id) AS slider_responses,
               (SELECT count(*) FROM story_questions q JOIN story_question_responses r ON r.question_id = q.id WHERE q.story_id = st.id) AS question_responses,
               (SELECT count(*) FROM story_countdowns c JOIN story_countdown_reminders r ON r.countdown_id = c.id
                 WHERE c.story_id = st.id AND r.user_id <> st.user_id) AS countdown_reminders
          FROM stories st LEFT JOIN story_stats s ON s.story_id = st.id
         WHERE st.id = @id AND st.user_id = @viewer AND st.deleted_at IS NULL
        """;
}
