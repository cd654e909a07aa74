using Fowergram.Platform.Moderation;
using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Keeps a reel's reel_hashtags equal to what its caption tags (migration 0085), as PostLinks does for posts, and marks the
/// reel's tags as read (reels.hashtags_indexed, migration 0094; <see cref="ReelHashtagsBackfillJob"/> reads the rest).
/// </summary>
internal static class ReelHashtags
{
    /// <summary>One statement: the removed and the added keys are disjoint, and both come back (the tags whose reel counts change).</summary>
    private const string Set = """
        WITH removed AS (
            DELETE FROM reel_hashtags WHERE reel_id = @reelId AND NOT (hashtag_id = ANY(@hashtagIds)) RETURNING hashtag_id
        ), added AS (
            INSERT INTO reel_hashtags (reel_id, hashtag_id, author_id, reel_created_at)
            SELECT r.id, h, r.user_id, r.created_at FROM reels r, unnest(@hashtagIds::uuid[]) AS h WHERE r.id = @reelId
            ON CONFLICT DO NOTHING RETURNING hashtag_id
        ), indexed AS (
            UPDATE reels SET hashtags_indexed = true WHERE id = @reelId AND NOT hashtags_indexed
        )
        SELECT hashtag_id FROM removed UNION SELECT hashtag_id FROM added
        """;

    /// <summary>
    /// A hashtag's reels the viewer may see, newest first (reel_hashtags_page); binds @hashtagId and @viewer. A
    /// <see cref="WalkedPage"/> down to the instant of the HashtagsSql.UseProbe-th reel past the cursor at most, as the tag's
    /// posts page is, so a tab whose reels are mostly hidden from the caller reads a bounded stretch (docs/visibility.md "Hashtags").
    /// </summary>
    public static readonly string Page = $"""
        WITH {WalkedPage.Bound("reel_hashtags b", "b.hashtag_id = @hashtagId", "b.reel_created_at", "b.reel_id")}
        (SELECT rh.reel_id AS id, rh.reel_created_at AS created_at
         FROM reel_hashtags rh JOIN reels r ON r.id = rh.reel_id
         WHERE rh.hashtag_id = @hashtagId AND rh.reel_created_at >= {WalkedPage.Floor} AND {ReelAccess.VisibleTo}
           AND {KeysetSql.Older("rh.reel_created_at", "rh.reel_id")}
           AND (r.user_id = @viewer OR {ReviewLimit.NotLimited("reel", "rh.reel_id")})
         ORDER BY rh.reel_created_at DESC, rh.reel_id DESC LIMIT @take)
        {WalkedPage.BoundRow}
        """;

    /// <summary>
    /// Writes the tags of <paramref name="caption"/> (null: none) for the reel, in <paramref name="tx"/>; returns the hashtags
    /// added or taken off (empty when the tags stayed), in id order.
    /// </summary>
    public static async Task<Guid[]> WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid reelId, string? caption,
        CancellationToken ct)
    {
        var hashtagIds = await HashtagNames.EnsureAsync(conn, tx, time, CaptionText.Parse(caption ?? "").Hashtags, ct);
        var changed = await conn.QueryAsync<Guid>(new CommandDefinition(Set, new { reelId, hashtagIds }, tx, cancellationToken: ct));
        return changed.Order().ToArray();
    }
}
