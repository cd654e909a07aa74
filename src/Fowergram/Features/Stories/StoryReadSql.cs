using Fowergram.Features.Shopping;
using Fowergram.Platform.Content;
using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Stories;

/// <summary>
/// Story reads. Every query binds <c>@viewer</c> (the caller) and <c>@now</c> (the injected clock, never the
/// database's now(), so expiry follows the TimeProvider) and asks <c>can_view_story</c> for each row.
/// </summary>
internal static class StoryReadSql
{
    /// <summary>
    /// The shape of <see cref="StoryRow"/>; <c>s</c> is the story, <c>u</c> its author. <c>can_reply</c> and <c>can_react</c> are
    /// the write paths' own predicates (<see cref="StoryReplyAudience"/>) less visibility, which every query using this
    /// applies in its WHERE (or the row is the caller's own).
    /// </summary>
    public static readonly string Select = $"""
        SELECT s.id, s.user_id AS author_id, u.username AS author_username, u.avatar AS author_avatar,
               s.blob_name, s.media_type, up.content_type, s.media_deleted_at, s.alt_text, s.audience,
               s.music_track_id, t.title AS music_title, t.artist AS music_artist, s.music_start_time,
               s.created_at, s.expires_at, s.deleted_at,
               p.id AS poll_id, p.question AS poll_question, p.option1 AS poll_option1, p.option2 AS poll_option2,
               q.id AS question_id, q.question_text,
               pr.id AS product_id, pr.name AS product_name, pr.price AS product_price, pr.currency AS product_currency,
               s.link_url, s.link_text, s.shared_post_id, s.shared_reel_id, s.shared_story_id,
               sl.id AS slider_id, sl.question AS slider_question, sl.emoji AS slider_emoji,
               qz.id AS quiz_id, qz.question AS quiz_question,
               array_remove(ARRAY[qz.option1, qz.option2, qz.option3, qz.option4], NULL) AS quiz_options,
               cd.id AS countdown_id, cd.title AS countdown_title, cd.ends_at AS countdown_ends_at,
               ay.id AS add_yours_id, ay.prompt AS add_yours_prompt, coalesce(ay.story_count, 0) AS add_yours_story_count,
               ARRAY(SELECT mu.username FROM story_mentions m JOIN users mu ON mu.id = m.user_id
                      WHERE m.story_id = s.id AND {Visibility.ProfileFilter("mu.id")} ORDER BY mu.username) AS mentions,
               (s.user_id = @viewer OR EXISTS (SELECT 1 FROM story_views v WHERE v.story_id = s.id AND v.viewer_id = @viewer)) AS seen,
               (SELECT r.reaction_type FROM story_reactions r WHERE r.story_id = s.id AND r.user_id = @viewer) AS my_reaction,
               coalesce(st.view_count, 0) AS view_count,
               {StoryReplyAudience.TakesReply} AS can_reply, {StoryReplyAudience.TakesReaction} AS can_react
          FROM stories s
          JOIN users u ON u.id = s.user_id
          LEFT JOIN uploads up ON up.id = s.upload_id
          LEFT JOIN music_tracks t ON t.id = s.music_track_id
          LEFT JOIN story_stats st ON st.story_id = s.id
          LEFT JOIN LATERAL (SELECT id, question, option1, option2 FROM story_polls
                              WHERE story_id = s.id ORDER BY created_at, id LIMIT 1) p ON true
          LEFT JOIN LATERAL (SELECT id, question_text FROM story_questions
                              WHERE story_id = s.id ORDER BY created_at, id LIMIT 1) q ON true
          LEFT JOIN products pr ON pr.id = s.product_id AND pr.is_available AND {ProductsSql.VisibleTo}
          LEFT JOIN story_sliders sl ON sl.story_id = s.id
          LEFT JOIN story_quizzes qz ON qz.story_id = s.id
          LEFT JOIN story_countdowns cd ON cd.story_id = s.id
          LEFT JOIN add_yours_prompts ay ON ay.id = s.add_yours_prompt_id
        """;

    /// <summary>Live at @now: posted, not deleted, not expired. A const, as StoryReplyAudience's predicates are built on it.</summary>
    public const string Live = "s.deleted_at IS NULL AND s.created_at <= @now AND s.expires_at > @now";

    /// <summary>Live at @now and visible to @viewer under its audience (the owner included).</summary>
    public static readonly string LiveAndVisible = $"""
        {Live}
        AND {Visibility.StoryFilter("s.user_id", "s.audience")}
        """;

    /// <summary>
    /// Story s, for a read of one story (or of its sticker, or its chain): live and visible, or the caller's own (their
    /// archive) until deleted — and the caller's account live, so a token that outlived its account reads nothing and the
    /// route's 404 tells it the account's 401 (<see cref="GoneCaller"/>; docs/accounts.md "Sessions"). One primary-key probe
    /// of @viewer in the statement, no round trip.
    /// </summary>
    public static readonly string OneShownTo = $"""
        s.deleted_at IS NULL AND (s.user_id = @viewer OR ({LiveAndVisible}))
           AND {LiveCaller.Is("@viewer")}
        """;

    /// <summary>
    /// Story s is @owner's (live or archived, not deleted), for the owner's own lists of a story (viewers, responses, answers):
    /// and @owner's account live, as <see cref="OneShownTo"/>.
    /// </summary>
    public static readonly string OwnedBy = $"s.user_id = @owner AND s.deleted_at IS NULL AND {LiveCaller.Is("@owner")}";

    /// <summary>A single story, as <see cref="OneShownTo"/>.</summary>
    public static readonly string ById = $"""
        {Select}
         WHERE s.id = @id AND {OneShownTo}
        """;

    /// <summary>An author's live stories in play order; mutes do not apply (they filter the tray only).</summary>
    public static readonly string OfAuthor = $"""
        {Select}
         WHERE s.user_id = @authorId AND {LiveAndVisible}
         ORDER BY s.created_at, s.id
         LIMIT @max
        """;

    /// <summary>
    /// The tray: the caller and the accounts they follow, with live stories the caller may see, minus
    /// authors muted for stories (blocks are excluded by can_view_story). Authors are ranked in SQL —
    /// the caller first, then those with unseen stories, then by their newest story — and only the first
    /// @maxAuthors are returned, each with their first @maxPerAuthor live stories, oldest first (the author's list's
    /// cap: nothing caps how many stories an author posts a day). The ranking reads a story's id, time and seen state
    /// only; the full row (<see cref="Select"/>) is built for the stories answered, not for every followed account's.
    /// </summary>
    public static readonly string Tray = $"""
        WITH authors AS (
            SELECT @viewer AS id
            UNION
            SELECT f.following_id FROM follows f WHERE f.follower_id = @viewer
        ), visible AS (
            SELECT s.id, s.user_id AS author_id, s.created_at,
                   (s.user_id = @viewer OR EXISTS (SELECT 1 FROM story_views v WHERE v.story_id = s.id AND v.viewer_id = @viewer)) AS seen
              FROM stories s
              JOIN authors a ON a.id = s.user_id
             WHERE {LiveAndVisible}
               AND NOT EXISTS (SELECT 1 FROM mutes mt
                                WHERE mt.muter_id = @viewer AND mt.muted_id = s.user_id AND mt.mute_stories)
        ), ranked AS (
            SELECT author_id, bool_or(NOT seen) AS has_unseen, max(created_at) AS latest_at
              FROM visible GROUP BY author_id
             ORDER BY (author_id = @viewer) DESC, bool_or(NOT seen) DESC, max(created_at) DESC, author_id
             LIMIT @maxAuthors
        ), chosen AS (
            SELECT p.id, p.has_unseen, p.latest_at
              FROM (SELECT v.id, r.has_unseen, r.latest_at,
                           row_number() OVER (PARTITION BY v.author_id ORDER BY v.created_at, v.id) AS place
                      FROM visible v JOIN ranked r ON r.author_id = v.author_id) p
             WHERE p.place <= @maxPerAuthor
        )
        SELECT story.*, c.has_unseen, c.latest_at
          FROM ({Select} WHERE s.id IN (SELECT id FROM chosen)) story
          JOIN chosen c ON c.id = story.id
         ORDER BY (story.author_id = @viewer) DESC, c.has_unseen DESC, c.latest_at DESC, story.author_id, story.created_at, story.id
        """;

    /// <summary>The caller's own stories, live and expired, newest first (keyset on created_at, id).</summary>
    public static readonly string Archive = $"""
        {Select}
         WHERE s.user_id = @viewer AND s.deleted_at IS NULL
           AND (@afterAt::timestamptz IS NULL OR (s.created_at, s.id) < (@afterAt, @afterId))
         ORDER BY s.created_at DESC, s.id DESC
         LIMIT @take
        """;
}
