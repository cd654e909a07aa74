using Fowergram.Features.Messages;
using Fowergram.Features.Reels;
using Fowergram.Features.Shopping;
using Fowergram.Features.Videos;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Moderation;

namespace Fowergram.Features.Search;

/// <summary>
/// Keyword search (migrations 0180 and 0187; docs/posts.md "Keyword search"): keyset pages of the posts and reels whose
/// caption holds every word of @q, newest first, each one the viewer may see as anywhere else (its author's privacy and
/// blocks either way), an archived post only its author's; and of the long-form videos and products whose words hold them.
/// None limited while in review (ReviewLimit) is found but the viewer's own. Each word match is its GIN index's
/// (posts_caption_words, reels_caption_words, igtv_videos_words, products_words); its expression must stay the index's.
/// </summary>
internal static class KeywordSearchSql
{
    /// <summary>The query of @q: websearch syntax in the 'simple' configuration, as the index splits captions.</summary>
    private const string Query = "websearch_to_tsquery('simple', @q)";

    /// <summary>
    /// What a video and a product must be to be found in either order: published / available, visible, and not limited while
    /// in review but the viewer's own. Declared before the statements that use them: static fields initialise in order.
    /// </summary>
    private static readonly string VideoFilters =
        $"v.is_published AND {VideoAccess.VisibleTo} AND (v.user_id = @viewer OR {ReviewLimit.NotLimited("igtv_video", "v.id")})";
    private static readonly string ProductFilters =
        $"pr.is_available AND {ProductsSql.VisibleTo} AND (pr.user_id = @viewer OR {ReviewLimit.NotLimited("product", "pr.id")})";

    /// <summary>
    /// A post's place newest first as posts_live_recent_utc keys it (its UTC wall time: migration 0075 keyed it so that only a
    /// query stating it walks it). The same order as created_at's, so the cursor stays (created_at, id). A word most captions
    /// hold walks that index and stops after a page; a rare word is read by the GIN index and sorted. The planner tells them
    /// apart by the words' statistics (posts_caption_words_stats, migration 0232).
    /// </summary>
    private const string PostsWalk = "(p.created_at AT TIME ZONE 'UTC')";

    public static readonly string Posts = $"""
        SELECT p.id, p.created_at FROM posts p
        WHERE to_tsvector('simple', p.caption) @@ {Query} AND p.deleted_at IS NULL AND NOT p.is_archived AND {PostAccess.VisibleTo}
          AND (p.user_id = @viewer OR {ReviewLimit.NotLimited("post", "p.id")})
          AND (@cursorAt::timestamptz IS NULL OR ({PostsWalk}, p.id) < ((@cursorAt::timestamptz AT TIME ZONE 'UTC'), @cursorId::uuid))
        ORDER BY {PostsWalk} DESC, p.id DESC LIMIT @take
        """;

    public static readonly string Reels = $"""
        SELECT r.id, r.created_at FROM reels r
        WHERE to_tsvector('simple', r.caption) @@ {Query} AND {ReelAccess.VisibleTo}
          AND (r.user_id = @viewer OR {ReviewLimit.NotLimited("reel", "r.id")})
          AND {KeysetSql.Older("r.created_at", "r.id")}
        ORDER BY r.created_at DESC, r.id DESC LIMIT @take
        """;

    /// <summary>
    /// Published live videos whose title and description hold every word (igtv_videos_words), newest published first, each
    /// one the viewer may see; a draft is found by nobody, its author included (the drafts list has them).
    /// </summary>
    public static readonly string Videos = $"""
        SELECT v.id, v.published_at AS position FROM igtv_videos v
        WHERE to_tsvector('simple', {VideoWords}) @@ {Query} AND {VideoFilters}
          AND {KeysetSql.Older("v.published_at", "v.id")}
        ORDER BY v.published_at DESC, v.id DESC LIMIT @take
        """;

    /// <summary>
    /// Available live products whose name and description hold every word (products_words), newest first, from sellers
    /// whose content the viewer may see (ProductsSql.VisibleTo): what the sellers' shops show buyers.
    /// </summary>
    public static readonly string Products = $"""
        SELECT pr.id, pr.created_at FROM products pr
        WHERE to_tsvector('simple', {ProductWords}) @@ {Query} AND {ProductFilters}
          AND {KeysetSql.Older("pr.created_at", "pr.id")}
        ORDER BY pr.created_at DESC, pr.id DESC LIMIT @take
        """;

    /// <summary>The searched text of a video and of a product: each index's expression, which the queries must repeat exactly.</summary>
    private const string VideoWords = "v.title || ' ' || v.description";
    private const string ProductWords = "pr.name || ' ' || pr.description";

    /// <summary>How many of the newest matches the caller may see are ranked by relevance (sort=relevant): the cost's bound.</summary>
    public const int Candidates = 1000;

    /// <summary>
    /// sort=relevant: the newest @candidates matches the viewer may see (the newest-first query's filters), ranked by how well
    /// the <paramref name="words"/> match — ts_rank_cd, cover density: the words close together and often, normalised to 0–1
    /// (32) — times the <paramref name="engagement"/>'s logarithm (1 + ln(1 + n), n read per match <c>m</c>), as an integer
    /// score for RankCursor; ties newest (by <paramref name="at"/>) first. Pages walk below (@cursorScore, @cursorAt, @cursorId).
    /// The candidates are taken newest first by <paramref name="walk"/> when a recency index is keyed on an expression of
    /// <paramref name="at"/> in the same order (PostsWalk), so that a common word reads 1,000 matches, not all of them.
    /// </summary>
    private static string Relevant(string table, string alias, string words, string at, string engagement, string filters,
        string? walk = null) => $"""
        WITH matches AS MATERIALIZED (
            SELECT {alias}.id, {at} AS created_at, {words} AS words FROM {table} {alias}
            WHERE to_tsvector('simple', {words}) @@ {Query} AND {filters}
            ORDER BY {walk ?? at} DESC, {alias}.id DESC LIMIT @candidates
        ), ranked AS (
            SELECT m.id, m.created_at,
                   floor(1000000 * ts_rank_cd(to_tsvector('simple', m.words), {Query}, 32) * (1 + ln(1 + {engagement})))::bigint AS score
              FROM matches m
        )
        SELECT id, score, created_at FROM ranked
        WHERE (score, created_at, id) < (@cursorScore, @cursorAt, @cursorId)
        ORDER BY score DESC, created_at DESC, id DESC LIMIT @take
        """;

    /// <summary>Likes and comments from a counter row (post_stats, reel_stats, igtv_stats); none yet is 0.</summary>
    private static string Counted(string stats, string key) =>
        $"coalesce((SELECT s.like_count + s.comment_count FROM {stats} s WHERE s.{key} = m.id), 0)";

    public static readonly string RelevantPosts = Relevant("posts", "p", "p.caption", "p.created_at", Counted("post_stats", "post_id"),
        $"p.deleted_at IS NULL AND NOT p.is_archived AND {PostAccess.VisibleTo} AND (p.user_id = @viewer OR {ReviewLimit.NotLimited("post", "p.id")})",
        PostsWalk);

    public static readonly string RelevantReels = Relevant("reels", "r", "r.caption", "r.created_at", Counted("reel_stats", "reel_id"),
        $"{ReelAccess.VisibleTo} AND (r.user_id = @viewer OR {ReviewLimit.NotLimited("reel", "r.id")})");

    public static readonly string RelevantVideos = Relevant("igtv_videos", "v", VideoWords, "v.published_at", Counted("igtv_stats", "video_id"), VideoFilters);

    /// <summary>A product's engagement is how many accounts wishlisted it (wishlists_product), the interest a shop can see.</summary>
    public static readonly string RelevantProducts = Relevant("products", "pr", ProductWords, "pr.created_at",
        "(SELECT count(*) FROM wishlists w WHERE w.product_id = m.id)", ProductFilters);

    /// <summary>A channel's engagement is its members (live accounts the owner has not removed), the audience it reaches.</summary>
    public static readonly string RelevantChannels = Relevant("broadcast_channels", "c", ChannelsSql.Words, "c.created_at", """
        (SELECT count(*) FROM broadcast_channel_members cm JOIN users cu ON cu.id = cm.user_id AND cu.deleted_at IS NULL AND cu.is_active
          WHERE cm.channel_id = m.id AND cm.removed_at IS NULL)
        """, $"c.ended_at IS NULL AND {ChannelsSql.Readable} AND {ChannelsSql.NotLimitedForStrangers}");

    /// <summary>
    /// Whether @q names a word a caption must hold: querytree is the part of the query an index can serve, '' when @q names
    /// no word ('!!!', which would match nothing) and 'T' when every word is only excluded ('-cat', 'cat or -dog'), which
    /// would match nearly every caption, read by a scan of the whole table since no index finds "not this word". The same
    /// statement says whether the caller is a guest or a live account (<c>live</c>; LiveCaller.GuestOrLive), so that a token
    /// whose account is gone is refused before the search, at no round trip of its own.
    /// </summary>
    public static readonly string HasWords = $"SELECT querytree({Query}) NOT IN ('', 'T') AS has_words, {LiveCaller.GuestOrLive("@viewer")} AS live";
}
