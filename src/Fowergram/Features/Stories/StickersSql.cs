using Fowergram.Platform.Http;
using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Stories;

/// <summary>
/// Poll votes, question responses and reactions. Each write is one statement that selects the story only
/// when it is live and visible to the caller, so expiry, a block or an audience change between a check
/// and the write cannot slip through.
/// </summary>
internal static class StickersSql
{
    private static readonly string LivePoll = $"""
        SELECT p.id, s.user_id AS author_id FROM stories s JOIN story_polls p ON p.story_id = s.id
         WHERE s.id = @id AND {StoryReadSql.LiveAndVisible}
         ORDER BY p.created_at, p.id LIMIT 1
        """;

    // One vote per user: the primary key decides between concurrent votes, the losers insert nothing. The author's own vote
    // inserts nothing either (StoryRules.OwnAnswer).
    public static readonly string Vote = $"""
        WITH poll AS ({LivePoll}), inserted AS (
            INSERT INTO story_poll_votes (poll_id, user_id, option_selected, created_at)
            SELECT id, @viewer, @option, @now FROM poll WHERE author_id <> @viewer
            ON CONFLICT DO NOTHING
            RETURNING poll_id
        )
        SELECT (SELECT id FROM poll) AS poll_id, (SELECT author_id FROM poll) AS author_id, EXISTS (SELECT 1 FROM inserted) AS inserted
        """;

    public const string MyVote = "SELECT option_selected AS value, created_at AS answered_at FROM story_poll_votes WHERE poll_id = @stickerId AND user_id = @viewer";

    /// <summary>The poll of a live story the caller may see, or of the caller's own story (archive).</summary>
    public static readonly string Poll = $"""
        SELECT p.id, p.question, p.option1, p.option2, s.user_id AS author_id,
               (SELECT v.option_selected FROM story_poll_votes v WHERE v.poll_id = p.id AND v.user_id = @viewer) AS my_vote,
               coalesce(ps.option1_votes, 0) AS option1_votes, coalesce(ps.option2_votes, 0) AS option2_votes
          FROM stories s
          JOIN story_polls p ON p.story_id = s.id
          LEFT JOIN story_poll_stats ps ON ps.poll_id = p.id
         WHERE s.id = @id AND {StoryReadSql.OneShownTo}
         ORDER BY p.created_at, p.id LIMIT 1
        """;

    public static readonly string Respond = $"""
        WITH question AS (
            SELECT q.id, s.user_id AS author_id FROM stories s JOIN story_questions q ON q.story_id = s.id
             WHERE s.id = @id AND {StoryReadSql.LiveAndVisible}
             ORDER BY q.created_at, q.id LIMIT 1
        ), inserted AS (
            INSERT INTO story_question_responses (id, question_id, user_id, response_text, created_at)
            SELECT @responseId, id, @viewer, @text, @now FROM question WHERE author_id <> @viewer
            RETURNING question_id
        )
        SELECT q.id AS question_id, q.author_id, EXISTS (SELECT 1 FROM inserted) AS inserted FROM question q
        """;

    public static readonly string OwnQuestion = $"""
        SELECT q.id FROM stories s JOIN story_questions q ON q.story_id = s.id
         WHERE s.id = @id AND {StoryReadSql.OwnedBy}
         ORDER BY q.created_at, q.id LIMIT 1
        """;

    public static readonly string Responses = $"""
        SELECT r.id, r.user_id, u.username, u.avatar, r.response_text AS text, r.created_at
          FROM story_question_responses r JOIN users u ON u.id = r.user_id
         WHERE r.question_id = @questionId AND u.deleted_at IS NULL AND u.is_active AND NOT {Visibility.BlockedBetween("@owner", "r.user_id")}
           AND {KeysetSql.Older("r.created_at", "r.id")}
         ORDER BY r.created_at DESC, r.id DESC
         LIMIT @take
        """;

    // (xmax = 0) is true for a freshly inserted row, false for one the conflict branch updated. Reacting again
    // with the same type updates nothing and returns no row: no event, no notification.
    public static readonly string React = $"""
        WITH story AS (
            SELECT s.id, s.user_id FROM stories s WHERE s.id = @id AND {StoryReadSql.LiveAndVisible}
        ), upserted AS (
            INSERT INTO story_reactions (story_id, user_id, reaction_type, created_at)
            SELECT id, @viewer, @type, @now FROM story
            ON CONFLICT (story_id, user_id) DO UPDATE SET reaction_type = EXCLUDED.reaction_type, created_at = EXCLUDED.created_at
             WHERE story_reactions.reaction_type <> EXCLUDED.reaction_type
            RETURNING (xmax = 0) AS is_new
        )
        SELECT (SELECT user_id FROM story) AS author_id, (SELECT is_new FROM upserted) AS is_new
        """;
}
