using Fowergram.Features.Reels;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Moderation;

namespace Fowergram.Features.Search;

/// <summary>
/// Keyword search of captions (migration 0180; docs/posts.md "Keyword search"): keyset pages of the posts and reels whose
/// caption holds every word of @q, newest first, each one the viewer may see as anywhere else (its author's privacy and
/// blocks either way), an archived post only its author's, and none limited while in review (ReviewLimit) but the viewer's
/// own. The word match is posts_caption_words / reels_caption_words; its expression must stay the index's.
/// </summary>
internal static class KeywordSearchSql
{
    /// <summary>The query of @q: websearch syntax in the 'simple' configuration, as the index splits captions.</summary>
    private const string Query = "websearch_to_tsquery('simple', @q)";

    public static readonly string Posts = $"""
        SELECT p.id, p.created_at FROM posts p
        WHERE to_tsvector('simple', p.caption) @@ {Query} AND p.deleted_at IS NULL AND NOT p.is_archived AND {PostAccess.VisibleTo}
          AND (p.user_id = @viewer OR {ReviewLimit.NotLimited("post", "p.id")})
          AND {KeysetSql.Older("p.created_at", "p.id")}
        ORDER BY p.created_at DESC, p.id DESC LIMIT @take
        """;

    public static readonly string Reels = $"""
        SELECT r.id, r.created_at FROM reels r
        WHERE to_tsvector('simple', r.caption) @@ {Query} AND {ReelAccess.VisibleTo}
          AND (r.user_id = @viewer OR {ReviewLimit.NotLimited("reel", "r.id")})
          AND {KeysetSql.Older("r.created_at", "r.id")}
        ORDER BY r.created_at DESC, r.id DESC LIMIT @take
        """;

    /// <summary>How many of the newest matches the caller may see are ranked by relevance (sort=relevant): the cost's bound.</summary>
    public const int Candidates = 1000;

    /// <summary>
    /// sort=relevant: the newest @candidates matches the viewer may see (the newest-first query's filters), ranked by how well
    /// the caption matches — ts_rank_cd, cover density: the words close together and often, normalised to 0–1 (32) — times
    /// the engagement's logarithm (1 + ln(1 + likes + comments)), as an integer score for RankCursor; ties newest first.
    /// Pages walk below (@cursorScore, @cursorAt, @cursorId).
    /// </summary>
    private static string Relevant(string table, string alias, string stats, string statsKey, string filters) => $"""
        WITH matches AS MATERIALIZED (
            SELECT {alias}.id, {alias}.created_at, {alias}.caption FROM {table} {alias}
            WHERE to_tsvector('simple', {alias}.caption) @@ {Query} AND {filters}
            ORDER BY {alias}.created_at DESC, {alias}.id DESC LIMIT @candidates
        ), ranked AS (
            SELECT m.id, m.created_at,
                   floor(1000000 * ts_rank_cd(to_tsvector('simple', m.caption), {Query}, 32)
                         * (1 + ln(1 + coalesce(s.like_count, 0) + coalesce(s.comment_count, 0))))::bigint AS score
              FROM matches m LEFT JOIN {stats} s ON s.{statsKey} = m.id
        )
        SELECT id, score, created_at FROM ranked
        WHERE (score, created_at, id) < (@cursorScore, @cursorAt, @cursorId)
        ORDER BY score DESC, created_at DESC, id DESC LIMIT @take
        """;

    public static readonly string RelevantPosts = Relevant("posts", "p", "post_stats", "post_id",
        $"p.deleted_at IS NULL AND NOT p.is_archived AND {PostAccess.VisibleTo} AND (p.user_id = @viewer OR {ReviewLimit.NotLimited("post", "p.id")})");

    public static readonly string RelevantReels = Relevant("reels", "r", "reel_stats", "reel_id",
        $"{ReelAccess.VisibleTo} AND (r.user_id = @viewer OR {ReviewLimit.NotLimited("reel", "r.id")})");

    /// <summary>Whether @q names any word at all ('!!!' names none, and would match nothing).</summary>
    public const string HasWords = $"SELECT numnode({Query}) > 0";
}
