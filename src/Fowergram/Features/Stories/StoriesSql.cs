using Fowergram.Platform.Content;
using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Stories;

/// <summary>Story writes: creation (with its stickers and mentions) and soft deletion, owner-scoped.</summary>
internal static class StoriesSql
{
    // Mentionable: a live account with no block either way (a blocked name reads as unknown); allowed: its setting (0125).
    // Key-share locked in the story's transaction, as the mentions' foreign key would: a purge deleting the account waits for
    // the story (and then takes its mention with it) instead of failing it.
    public static readonly string MentionTargets = $"""
        SELECT u.id, u.username, {People.Allows(Involvement.Mention, "@caller", "u")} AS allowed FROM users u
         WHERE lower(u.username) = ANY(@names) AND u.deleted_at IS NULL AND u.is_active AND NOT {Visibility.BlockedBetween("@caller", "u.id")}
           FOR KEY SHARE OF u
        """;

    // Through users: a token that outlived its (deleted or deactivated) account inserts nothing.
    public const string Insert = """
        INSERT INTO stories (id, user_id, upload_id, blob_name, media_type, duration, alt_text, audience,
                             music_track_id, music_start_time, product_id, link_url, link_text, add_yours_prompt_id, shared_post_id, shared_reel_id, shared_story_id,
                             created_at, expires_at)
        SELECT @id, u.id, @uploadId, @blobName, @mediaType, @duration, @altText, @audience, @musicTrackId, @musicStartTime, @productId,
               @linkUrl, @linkText, @addYoursPromptId, @sharedPostId, @sharedReelId, @sharedStoryId, @now, @expiresAt
          FROM users u WHERE u.id = @caller AND u.deleted_at IS NULL AND u.is_active
        """;

    public const string InsertPoll = """
        INSERT INTO story_polls (id, story_id, question, option1, option2, created_at)
        VALUES (@id, @storyId, @question, @option1, @option2, @now)
        """;

    public const string InsertQuestion = """
        INSERT INTO story_questions (id, story_id, question_text, created_at) VALUES (@id, @storyId, @text, @now)
        """;

    public const string InsertSlider = """
        INSERT INTO story_sliders (id, story_id, question, emoji, created_at) VALUES (@id, @storyId, @question, @emoji, @now)
        """;

    public const string InsertQuiz = """
        INSERT INTO story_quizzes (id, story_id, question, option1, option2, option3, option4, correct_option, created_at)
        VALUES (@id, @storyId, @question, @option1, @option2, @option3, @option4, @correctOption, @now)
        """;

    public const string InsertCountdown = """
        INSERT INTO story_countdowns (id, story_id, title, ends_at, created_at) VALUES (@id, @storyId, @title, @endsAt, @now)
        """;

    public const string InsertMentions = """
        INSERT INTO story_mentions (story_id, user_id, created_at) SELECT @storyId, unnest(@userIds), @now
        """;

    /// <summary>
    /// The owner's soft delete (@restorableUntil: restorable until then; null for a takedown, final but for an appeal). A story
    /// whose media story-expiry already removed (an old archived one past Stories:ExpiredMediaGrace) cannot come back
    /// (stories_restorable_while_deleted), so its deletion is final at once: asking to keep it restorable failed that CHECK,
    /// and the owner could not delete it at all (a 500).
    /// </summary>
    public const string Delete = """
        UPDATE stories SET deleted_at = @now, restorable_until = CASE WHEN media_deleted_at IS NULL THEN @restorableUntil END
         WHERE id = @id AND user_id = @caller AND deleted_at IS NULL
        RETURNING id
        """;

    // A deleted story leaves every highlight at once (the cover foreign key clears covers that were it), so no highlight read,
    // count or cover can show it, even while it can still be restored. Its places are kept in deleted_highlight_stories for
    // StoryHighlightPlaces to put back; the cover is read from the statement's snapshot, before the foreign key clears it.
    // A statement of its own, after Delete has the story's row: a highlight write linking the story share-locks that row
    // until it commits, so Delete waited for it, and only a snapshot taken after the wait sees the link (in Delete's own
    // statement the link stayed, a deleted story kept in the highlight). Highlight writes after Delete find the story deleted.
    public const string LeaveHighlights = """
        WITH unlinked AS (
            DELETE FROM highlight_stories h WHERE h.story_id = @id
            RETURNING h.highlight_id, h.story_id, h.user_id, h.added_at
        )
        INSERT INTO deleted_highlight_stories (highlight_id, story_id, user_id, added_at, was_cover, deleted_at)
        SELECT u.highlight_id, u.story_id, u.user_id, u.added_at,
               EXISTS (SELECT 1 FROM highlights g WHERE g.id = u.highlight_id AND g.cover_story_id = u.story_id), @now
          FROM unlinked u
        ON CONFLICT (highlight_id, story_id) DO UPDATE SET added_at = excluded.added_at, was_cover = excluded.was_cover, deleted_at = excluded.deleted_at
        """;
}
