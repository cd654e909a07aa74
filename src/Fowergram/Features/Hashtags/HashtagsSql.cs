using Fowergram.Platform.Moderation;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Data;

namespace Fowergram.Features.Hashtags;

internal static class HashtagsSql
{
    public const string Find = """
        SELECT h.id, h.name, coalesce(s.post_count, 0) AS post_count, coalesce(s.reel_count, 0) AS reel_count,
               EXISTS (SELECT 1 FROM hashtag_follows f WHERE f.user_id = @viewer AND f.hashtag_id = h.id) AS is_following
        FROM hashtags h LEFT JOIN hashtag_stats s ON s.hashtag_id = h.id
        WHERE h.name = normalize(@name, NFC)
        """;

    /// <summary>Newest first from post_hashtags_page; archived posts never appear, even to their author.</summary>
    public static readonly string Posts = $"""
        SELECT ph.post_id AS id, ph.post_created_at AS created_at
        FROM post_hashtags ph JOIN posts p ON p.id = ph.post_id
        WHERE ph.hashtag_id = @hashtagId AND NOT p.is_archived AND {PostAccess.VisibleTo}
          AND (p.user_id = @viewer OR {ReviewLimit.NotLimited("post", "ph.post_id")})
          AND {KeysetSql.Older("ph.post_created_at", "ph.post_id")}
        ORDER BY ph.post_created_at DESC, ph.post_id DESC LIMIT @take
        """;

    public const string IdOf = "SELECT id FROM hashtags WHERE name = normalize(@name, NFC)";

    /// <summary>An account's follows of hashtags, capped (HashtagsApi.MaxFollowed); its follows take turns on the lock.</summary>
    public static readonly CappedSetSql Follows = new(
        Lock: "SELECT pg_advisory_xact_lock(hashtext('hashtag_follows'), hashtext(@viewer::text))",
        Exists: "SELECT EXISTS (SELECT 1 FROM hashtag_follows WHERE user_id = @viewer AND hashtag_id = @hashtagId)",
        Count: "SELECT count(*) FROM hashtag_follows WHERE user_id = @viewer",
        Insert: """
            INSERT INTO hashtag_follows (user_id, hashtag_id, created_at) VALUES (@viewer, @hashtagId, @now)
            ON CONFLICT (user_id, hashtag_id) DO NOTHING
            """);

    public const string Unfollow = """
        DELETE FROM hashtag_follows f USING hashtags h WHERE h.name = normalize(@name, NFC) AND f.hashtag_id = h.id AND f.user_id = @viewer
        """;

    public const string Exists = "SELECT EXISTS (SELECT 1 FROM hashtags WHERE name = normalize(@name, NFC))";

    /// <summary>Ranking of a search: the exact name, then names starting with the term, then the most used (posts and reels together).</summary>
    private const string SearchRanking = """
        ORDER BY h.name = normalize(@term, NFC) DESC, h.name LIKE normalize(@prefix, NFC) ESCAPE '\' DESC, coalesce(s.post_count, 0) + coalesce(s.reel_count, 0) DESC, h.name
        LIMIT @limit
        """;

    /// <summary>Terms of three letters or more, anywhere in a name (hashtags_name_trgm).</summary>
    public const string SearchContaining = $"""
        SELECT h.name, coalesce(s.post_count, 0) AS post_count, coalesce(s.reel_count, 0) AS reel_count
        FROM hashtags h LEFT JOIN hashtag_stats s ON s.hashtag_id = h.id
        WHERE h.name LIKE normalize(@contains, NFC) ESCAPE '\'
        {SearchRanking}
        """;

    /// <summary>Shorter terms, at the start of a name (hashtags_name_pattern): a trigram index cannot narrow by one or two letters.</summary>
    public const string SearchStarting = $"""
        SELECT h.name, coalesce(s.post_count, 0) AS post_count, coalesce(s.reel_count, 0) AS reel_count
        FROM hashtags h LEFT JOIN hashtag_stats s ON s.hashtag_id = h.id
        WHERE h.name LIKE normalize(@prefix, NFC) ESCAPE '\'
        {SearchRanking}
        """;

    /// <summary>
    /// The seed's function keeps its columns (migration 0120); the reel count is joined on, in the function's own order
    /// (WITH ORDINALITY numbers its rows as it returns them).
    /// </summary>
    public const string Trending = """
        SELECT t.name, t.recent_post_count, t.post_count, coalesce(s.reel_count, 0) AS reel_count
        FROM get_trending_hashtags(@limit, @now) WITH ORDINALITY AS t (hashtag_id, name, recent_post_count, post_count, rank)
        LEFT JOIN hashtag_stats s ON s.hashtag_id = t.hashtag_id
        ORDER BY t.rank
        """;
}

internal sealed class HashtagRow
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public long PostCount { get; init; }
    public long ReelCount { get; init; }
    public bool IsFollowing { get; init; }
}

internal sealed class TrendingRow
{
    public string Name { get; init; } = "";
    public long RecentPostCount { get; init; }
    public long PostCount { get; init; }
    public long ReelCount { get; init; }
}
