using Fowergram.Platform.Http;
using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Stories;

/// <summary>
/// The quiz sticker (migration 0130). An answer selects the quiz in the same statement only when its story is live and
/// visible to the caller (<see cref="StoryReadSql.LiveAndVisible"/>), as poll votes and slider responses do.
/// </summary>
internal static class QuizSql
{
    // One answer per viewer: the primary key decides between concurrent ones; an option the quiz lacks inserts nothing.
    public static readonly string Answer = $"""
        WITH quiz AS (
            SELECT qz.id, qz.correct_option, s.user_id AS author_id,
                   CASE @option WHEN 1 THEN true WHEN 2 THEN true WHEN 3 THEN qz.option3 IS NOT NULL ELSE qz.option4 IS NOT NULL END AS has_option
              FROM stories s JOIN story_quizzes qz ON qz.story_id = s.id
             WHERE s.id = @id AND {StoryReadSql.LiveAndVisible}
        ), inserted AS (
            INSERT INTO story_quiz_answers (quiz_id, user_id, option_selected, created_at)
            SELECT id, @viewer, @option, @now FROM quiz WHERE has_option AND author_id <> @viewer
            ON CONFLICT DO NOTHING
            RETURNING option_selected
        )
        SELECT q.id AS quiz_id, q.author_id, q.correct_option, q.has_option, EXISTS (SELECT 1 FROM inserted) AS inserted
          FROM quiz q
        """;

    public const string Mine = """
        SELECT option_selected AS value, created_at AS answered_at FROM story_quiz_answers WHERE quiz_id = @stickerId AND user_id = @viewer
        """;

    /// <summary>The quiz of a live story the caller may see, or of the caller's own story (archive), with the counts.</summary>
    public static readonly string Read = $"""
        SELECT qz.id, qz.question, array_remove(ARRAY[qz.option1, qz.option2, qz.option3, qz.option4], NULL) AS options,
               qz.correct_option, s.user_id AS author_id,
               (SELECT a.option_selected FROM story_quiz_answers a WHERE a.quiz_id = qz.id AND a.user_id = @viewer) AS my_answer,
               coalesce(st.option1_count, 0) AS option1_count, coalesce(st.option2_count, 0) AS option2_count,
               coalesce(st.option3_count, 0) AS option3_count, coalesce(st.option4_count, 0) AS option4_count
          FROM stories s
          JOIN story_quizzes qz ON qz.story_id = s.id
          LEFT JOIN story_quiz_stats st ON st.quiz_id = qz.id
         WHERE s.id = @id AND {StoryReadSql.OneShownTo}
        """;

    public static readonly string Own = $"""
        SELECT qz.id, qz.correct_option FROM stories s JOIN story_quizzes qz ON qz.story_id = s.id
         WHERE s.id = @id AND {StoryReadSql.OwnedBy}
        """;

    /// <summary>The owner's list, newest first (story_quiz_answers_recent); accounts gone or blocked either way drop out.</summary>
    public static readonly string Answers = $"""
        SELECT a.user_id AS id, u.username, u.avatar, a.option_selected AS option, a.created_at
          FROM story_quiz_answers a JOIN users u ON u.id = a.user_id
         WHERE a.quiz_id = @quizId AND u.deleted_at IS NULL AND u.is_active AND NOT {Visibility.BlockedBetween("@owner", "a.user_id")}
           AND {KeysetSql.Older("a.created_at", "a.user_id")}
         ORDER BY a.created_at DESC, a.user_id DESC
         LIMIT @take
        """;
}
