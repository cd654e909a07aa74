using Fowergram.Platform.Http;
using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Stories;

/// <summary>
/// The emoji slider sticker (migration 0129). A response selects the slider in the same statement only when its story is
/// live and visible to the caller (<see cref="StoryReadSql.LiveAndVisible"/>), as poll votes do.
/// </summary>
internal static class SliderSql
{
    // One response per viewer: the primary key decides between concurrent ones, the losers insert nothing.
    public static readonly string Slide = $"""
        WITH slider AS (
            SELECT sl.id, s.user_id AS author_id FROM stories s JOIN story_sliders sl ON sl.story_id = s.id
             WHERE s.id = @id AND {StoryReadSql.LiveAndVisible}
        ), inserted AS (
            INSERT INTO story_slider_responses (slider_id, user_id, value, created_at)
            SELECT id, @viewer, @value, @now FROM slider WHERE author_id <> @viewer
            ON CONFLICT DO NOTHING
            RETURNING value
        )
        SELECT (SELECT id FROM slider) AS slider_id, (SELECT author_id FROM slider) AS author_id,
               (SELECT value FROM inserted) AS inserted_value
        """;

    public const string Mine = "SELECT value, created_at AS answered_at FROM story_slider_responses WHERE slider_id = @stickerId AND user_id = @viewer";

    /// <summary>The slider of a live story the caller may see, or of the caller's own story (archive), with the counts.</summary>
    public static readonly string Read = $"""
        SELECT sl.id, sl.question, sl.emoji, s.user_id AS author_id,
               (SELECT r.value FROM story_slider_responses r WHERE r.slider_id = sl.id AND r.user_id = @viewer) AS my_value,
               coalesce(st.response_count, 0) AS response_count, coalesce(st.value_sum, 0) AS value_sum
          FROM stories s
          JOIN story_sliders sl ON sl.story_id = s.id
          LEFT JOIN story_slider_stats st ON st.slider_id = sl.id
         WHERE s.id = @id AND {StoryReadSql.OneShownTo}
        """;

    public static readonly string Own = $"""
        SELECT sl.id FROM stories s JOIN story_sliders sl ON sl.story_id = s.id
         WHERE s.id = @id AND {StoryReadSql.OwnedBy}
        """;

    /// <summary>The owner's list, newest first (story_slider_responses_recent); accounts gone or blocked either way drop out.</summary>
    public static readonly string Responses = $"""
        SELECT r.user_id AS id, u.username, u.avatar, r.value, r.created_at
          FROM story_slider_responses r JOIN users u ON u.id = r.user_id
         WHERE r.slider_id = @sliderId AND u.deleted_at IS NULL AND u.is_active AND NOT {Visibility.BlockedBetween("@owner", "r.user_id")}
           AND {KeysetSql.Older("r.created_at", "r.user_id")}
         ORDER BY r.created_at DESC, r.user_id DESC
         LIMIT @take
        """;
}
