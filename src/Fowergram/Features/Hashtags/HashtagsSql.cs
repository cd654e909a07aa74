using Fowergram.Features.Reels;
using Fowergram.Platform.Moderation;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Data;

namespace Fowergram.Features.Hashtags;

internal static class HashtagsSql
{
    /// <summary>
    /// The tag's page, only when @viewer may see one of its uses (<see cref="UsedVisiblyFor"/>): a tag only accounts hidden
    /// from the caller used is, to it, an unknown tag (404, no count). Until 2026-12-07 its name and count were served to all.
    /// Nothing for a token whose account is gone (LiveCaller.GuestOrLive: its 404 is then told from the account's 401).
    /// </summary>
    public static readonly string Find = $"""
        SELECT h.id, h.name, coalesce(s.post_count, 0) AS post_count, coalesce(s.reel_count, 0) AS reel_count,
               EXISTS (SELECT 1 FROM hashtag_follows f WHERE f.user_id = @viewer AND f.hashtag_id = h.id) AS is_following
        FROM hashtags h LEFT JOIN hashtag_stats s ON s.hashtag_id = h.id
        WHERE h.name = normalize(@name, NFC) AND {LiveCaller.GuestOrLive("@viewer")} AND {UsedVisiblyFor("h.id")}
        """;

    /// <summary>The tag's id when @viewer may see one of its uses, as <see cref="Find"/>: its reels tab and a new follow.</summary>
    public static readonly string VisibleIdOf =
        $"SELECT h.id FROM hashtags h WHERE h.name = normalize(@name, NFC) AND {LiveCaller.GuestOrLive("@viewer")} AND {UsedVisiblyFor("h.id")}";

    /// <summary>
    /// The tag's id for a new follow, as <see cref="VisibleIdOf"/>, or when @viewer follows it already: a follow of a tag gone out
    /// of sight is repeated as idempotently as it can be ended (Unfollow). Until session 58 a repeated PUT answered the unknown
    /// tag's 404 for a tag the caller's own followed list showed.
    /// </summary>
    public static readonly string FollowableIdOf = $"""
        SELECT h.id FROM hashtags h
        WHERE h.name = normalize(@name, NFC) AND {LiveCaller.GuestOrLive("@viewer")}
          AND (EXISTS (SELECT 1 FROM hashtag_follows f WHERE f.user_id = @viewer AND f.hashtag_id = h.id) OR {UsedVisiblyFor("h.id")})
        """;

    /// <summary>
    /// Newest first from post_hashtags_page, as a <see cref="WalkedPage"/>: down to the instant of the <see cref="UseProbe"/>-th
    /// use past the cursor at most, so a page of a tag whose uses are mostly hidden from the caller reads a bounded stretch
    /// (before session 57 it walked all of them to fill 20 cards: 3.4 s over 99,033 private uses). Archived posts never
    /// appear, even to their author.
    /// </summary>
    public static readonly string Posts = $"""
        WITH {WalkedPage.Bound("post_hashtags b", "b.hashtag_id = @hashtagId", "b.post_created_at", "b.post_id")}
        (SELECT ph.post_id AS id, ph.post_created_at AS created_at
         FROM post_hashtags ph JOIN posts p ON p.id = ph.post_id
         WHERE ph.hashtag_id = @hashtagId AND ph.post_created_at >= {WalkedPage.Floor}
           AND NOT p.is_archived AND {PostAccess.VisibleTo}
           AND (p.user_id = @viewer OR {ReviewLimit.NotLimited("post", "ph.post_id")})
           AND {KeysetSql.Older("ph.post_created_at", "ph.post_id")}
         ORDER BY ph.post_created_at DESC, ph.post_id DESC LIMIT @take)
        {WalkedPage.BoundRow}
        """;

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

    /// <summary>
    /// The viewer's followed hashtags, newest follow first, by keyset on (created_at, hashtag_id). The primary key
    /// (user_id, hashtag_id) finds them; an account follows at most HashtagsApi.MaxFollowed, so the sort is of 1,000 rows at most.
    /// </summary>
    public static readonly string Followed = $"""
        SELECT h.id, h.name, coalesce(s.post_count, 0) AS post_count, coalesce(s.reel_count, 0) AS reel_count, f.created_at AS followed_at
        FROM hashtag_follows f JOIN hashtags h ON h.id = f.hashtag_id LEFT JOIN hashtag_stats s ON s.hashtag_id = h.id
        WHERE f.user_id = @viewer AND {KeysetSql.Older("f.created_at", "f.hashtag_id")}
        ORDER BY f.created_at DESC, f.hashtag_id DESC LIMIT @take
        """;

    /// <summary>
    /// Names ranked per search at most: the ones a search examines for a use the searcher may see, in rank order, each through its
    /// newest <see cref="SearchUseProbe"/> posts and as many reels. Before session 57 a search examined 500, each through its
    /// newest 1,000 uses: 500 names used only by accounts hidden from the searcher took 7.5–21 s; 100 through 20 take 50–82 ms.
    /// </summary>
    public const int Candidates = 100;

    /// <summary>How many of a candidate's newest posts, and reels, a search reads for one the searcher may see (see <see cref="Candidates"/>).</summary>
    public const int SearchUseProbe = 20;

    /// <summary>
    /// A search ranks the matching names — the exact name, then names starting with the term, then the most used (posts and
    /// reels together) — takes the best <see cref="Candidates"/>, and answers those of them with a use the searcher may see
    /// (<see cref="UsedVisiblyFor"/>), in that order. The check runs in rank order and stops once <c>@limit</c> are found
    /// (the outer ORDER BY is the inner one's, on its columns, so PostgreSQL keeps the inner order and does not sort again).
    /// None for a token whose account is gone (LiveCaller.GuestOrLive, checked once before any candidate).
    /// </summary>
    private static string Ranked(string match) => $"""
        SELECT c.name, c.post_count, c.reel_count
        FROM (SELECT h.id, h.name, coalesce(s.post_count, 0) AS post_count, coalesce(s.reel_count, 0) AS reel_count,
                     h.name = normalize(@term, NFC) AS exact, h.name LIKE normalize(@prefix, NFC) ESCAPE '\' AS starts,
                     coalesce(s.post_count, 0) + coalesce(s.reel_count, 0) AS uses
              FROM hashtags h LEFT JOIN hashtag_stats s ON s.hashtag_id = h.id
              WHERE h.name LIKE normalize({match}, NFC) ESCAPE '\'
              ORDER BY exact DESC, starts DESC, uses DESC, h.name
              LIMIT {Candidates}) c
        WHERE {LiveCaller.GuestOrLive("@viewer")} AND {UsedVisiblyFor("c.id", followed: false, probe: SearchUseProbe)}
        ORDER BY c.exact DESC, c.starts DESC, c.uses DESC, c.name
        LIMIT @limit
        """;

    /// <summary>
    /// The hashtag has a post on its page, or a reel on its reels tab, for @viewer (null: a guest): live, visible to them
    /// (PostAccess, ReelAccess: privacy, blocks either way, gone accounts) and not limited while in review unless their own
    /// — the rule of the pages themselves (<see cref="Posts"/>, ReelHashtags.Page). A tag only private accounts used is not
    /// suggested to those who cannot see them: a suggestion would tell that somebody used it. Each EXISTS walks the tag's
    /// newest uses (post_hashtags_page, reel_hashtags_page) and stops at the first it may show; its <c>OFFSET 0</c> keeps
    /// PostgreSQL from turning it into a hash of every visible use of every tag (a "hashed SubPlan"), which it may choose
    /// when it misjudges how many candidates there are. Each walk reads at most the newest <paramref name="probe"/> uses
    /// (<see cref="UseProbe"/>; a search's, <see cref="SearchUseProbe"/>).
    /// When neither walk finds one, <see cref="UsedByCallerOrFollowed"/> looks at the caller's own posts with the tag and,
    /// unless <paramref name="followed"/> is false (search: it would run per candidate), those of the accounts it follows.
    /// </summary>
    internal static string UsedVisiblyFor(string hashtagId, bool followed = true, int probe = UseProbe) => $"""
        (EXISTS (SELECT 1 FROM (SELECT b.post_id FROM post_hashtags b WHERE b.hashtag_id = {hashtagId}
                                ORDER BY b.post_created_at DESC, b.post_id DESC LIMIT {probe}) ph
                 JOIN posts p ON p.id = ph.post_id
                 WHERE NOT p.is_archived AND {PostAccess.VisibleTo}
                   AND (p.user_id = @viewer OR {ReviewLimit.NotLimited("post", "ph.post_id")}) OFFSET 0)
         OR EXISTS (SELECT 1 FROM (SELECT b.reel_id FROM reel_hashtags b WHERE b.hashtag_id = {hashtagId}
                                   ORDER BY b.reel_created_at DESC, b.reel_id DESC LIMIT {probe}) rh
                    JOIN reels r ON r.id = rh.reel_id
                    WHERE {ReelAccess.VisibleTo}
                      AND (r.user_id = @viewer OR {ReviewLimit.NotLimited("reel", "rh.reel_id")}) OFFSET 0)
         OR {UsedByCallerOrFollowed(hashtagId, followed)})
        """;

    /// <summary>
    /// The second probe of <see cref="UsedVisiblyFor"/>, for a signed-in caller: a post or reel with the tag it may see among the
    /// newest <see cref="AuthorProbe"/> of its own posts, and of its own reels, with the tag and, when <paramref name="followed"/>,
    /// those of each of the <see cref="FollowedProbe"/> accounts it followed last (post_hashtags_author, migration 0265;
    /// reel_hashtags_author, migration 0268: one index probe per author and kind, the reels' only when the posts' found none).
    /// Without it a tag whose newest thousand uses were all hidden from the caller answered as unknown even to the author of an
    /// older post or reel with it, and to the author's followers; until migration 0268 an older reel alone did not reach past
    /// the bound (docs/visibility.md "Hashtags").
    /// </summary>
    private static string UsedByCallerOrFollowed(string hashtagId, bool followed) => $"""
        (@viewer::uuid IS NOT NULL
         AND EXISTS (SELECT 1
                     FROM (SELECT @viewer::uuid AS id {(followed ? FollowedAuthors : "")}) a
                     CROSS JOIN LATERAL (
                         (SELECT 1 FROM (SELECT b.post_id FROM post_hashtags b WHERE b.hashtag_id = {hashtagId} AND b.author_id = a.id
                                         ORDER BY b.post_created_at DESC, b.post_id DESC LIMIT {AuthorProbe}) ph
                          JOIN posts p ON p.id = ph.post_id
                          WHERE NOT p.is_archived AND {PostAccess.VisibleTo}
                            AND (p.user_id = @viewer OR {ReviewLimit.NotLimited("post", "ph.post_id")}) LIMIT 1)
                         UNION ALL
                         (SELECT 1 FROM (SELECT b.reel_id FROM reel_hashtags b WHERE b.hashtag_id = {hashtagId} AND b.author_id = a.id
                                         ORDER BY b.reel_created_at DESC, b.reel_id DESC LIMIT {AuthorProbe}) rh
                          JOIN reels r ON r.id = rh.reel_id
                          WHERE {ReelAccess.VisibleTo}
                            AND (r.user_id = @viewer OR {ReviewLimit.NotLimited("reel", "rh.reel_id")}) LIMIT 1)) u
                     OFFSET 0))
        """;

    /// <summary>The accounts the caller followed last, after its own id in the second probe's authors (follows_following).</summary>
    private static string FollowedAuthors => $"""
        UNION ALL (SELECT vf.following_id FROM follows vf WHERE vf.follower_id = @viewer
                   ORDER BY vf.created_at DESC, vf.following_id DESC LIMIT {FollowedProbe})
        """;

    /// <summary>How many of one author's newest posts, and reels, with a tag the second probe reads (archived or deleted ones are skipped).</summary>
    public const int AuthorProbe = 20;

    /// <summary>How many of the accounts the caller followed last the second probe looks at: each is one index probe.</summary>
    public const int FollowedProbe = 1_000;

    /// <summary>
    /// How many of a tag's newest posts, and of its newest reels, <see cref="UsedVisiblyFor"/> reads at most, and how many of a
    /// tag's uses a page reads past its cursor (<see cref="Posts"/>, ReelHashtags.Page). Unbounded, a tag whose uses were all
    /// hidden from the caller was walked whole on every 404: on the benchmark database, 99,033 uses by private accounts took
    /// 2.9–9.3 s (782,000–1,183,000 buffers); bounded, 34–55 ms (8,000). A tag whose newest uses are all hidden from the
    /// caller answers as unknown even when an older one is not, unless the caller or an account it follows wrote that one
    /// (docs/visibility.md "Hashtags").
    /// </summary>
    public const int UseProbe = 1_000;

    /// <summary>Terms of three letters or more, anywhere in a name (hashtags_name_trgm).</summary>
    public static readonly string SearchContaining = Ranked("@contains");

    /// <summary>Shorter terms, at the start of a name (hashtags_name_pattern): a trigram index cannot narrow by one or two letters.</summary>
    public static readonly string SearchStarting = Ranked("@prefix");

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

internal sealed class FollowedRow
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public long PostCount { get; init; }
    public long ReelCount { get; init; }
    public DateTimeOffset FollowedAt { get; init; }
}

internal sealed class TrendingRow
{
    public string Name { get; init; } = "";
    public long RecentPostCount { get; init; }
    public long PostCount { get; init; }
    public long ReelCount { get; init; }
}
