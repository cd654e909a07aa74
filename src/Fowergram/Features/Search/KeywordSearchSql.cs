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

    /// <summary>Whether @q names any word at all ('!!!' names none, and would match nothing).</summary>
    public const string HasWords = $"SELECT numnode({Query}) > 0";
}
