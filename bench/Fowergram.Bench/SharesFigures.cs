using Dapper;
using Fowergram.Features.Feed;
using Npgsql;

namespace Fowergram.Bench;

/// <param name="Shares">Reposts listed for the measurement (<see cref="SharesFigures.PerAccount"/> for each large account).</param>
/// <param name="FollowedLarge">Large accounts the reader follows.</param>
/// <param name="SharedOnPage">Posts of the measured page that came through one of the reposts added for the measurement.</param>
public sealed record SharesFigure(int Shares, long FollowedLarge, Timing Without, Timing With, int SharedOnPage);

/// <summary>
/// The large accounts' reposts merged on read (docs/feed.md "Large accounts' reposts and collaborations"): the median
/// reader's first page as the dataset has it (the large accounts' reposts and collaborations it generated), then with <see cref="PerAccount"/> reposts listed for every large
/// account — recent posts of public accounts the large account is not, as the feed-fanout consumer lists them — and the
/// same page read again. The added reposts are the measurement's own: removed after it.
/// </summary>
public static class SharesFigures
{
    public const int PerAccount = 20;

    public static async Task<SharesFigure> MeasureAsync(NpgsqlDataSource db, DatasetInfo info, BenchSettings s, Guid reader)
    {
        var (without, _) = await DbFigures.FirstPageAsync(db, info, s, reader);
        await using var conn = await db.OpenConnectionAsync();
        var followedLarge = await conn.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM feed_large_authors la JOIN follows f ON f.following_id = la.user_id AND f.follower_id = @reader
            """, new { reader });
        var added = (await conn.QueryAsync<(Guid UserId, Guid PostId)>(new CommandDefinition("""
            WITH newest AS (SELECT max(created_at) AS at FROM posts),
            picked AS (
                SELECT la.user_id, x.id AS post_id, x.created_at
                  FROM feed_large_authors la
                 CROSS JOIN LATERAL (SELECT p.id, p.created_at FROM posts p JOIN users a ON a.id = p.user_id AND NOT a.is_private
                                      WHERE p.created_at > (SELECT at FROM newest) - interval '3 days' AND p.user_id <> la.user_id
                                        AND p.deleted_at IS NULL AND NOT p.is_archived
                                        AND NOT EXISTS (SELECT 1 FROM reposts r WHERE r.user_id = la.user_id AND r.post_id = p.id)
                                      ORDER BY md5(p.id::text || la.user_id::text) LIMIT @perAccount) x
            ), reposted AS (
                INSERT INTO reposts (user_id, post_id, created_at) SELECT user_id, post_id, now() FROM picked RETURNING user_id, post_id
            ), listed AS (
                INSERT INTO feed_large_shares (user_id, created_at, post_id) SELECT user_id, created_at, post_id FROM picked ON CONFLICT DO NOTHING
            ), touched AS (
                UPDATE feed_large_authors la SET last_shared_at = greatest(la.last_shared_at, m.at)
                  FROM (SELECT user_id, max(created_at) AS at FROM picked GROUP BY user_id) m WHERE la.user_id = m.user_id
            )
            SELECT user_id, post_id FROM reposted
            """, new { perAccount = PerAccount }, commandTimeout: 0))).ToList();
        try
        {
            await conn.ExecuteAsync("ANALYZE reposts; ANALYZE feed_large_shares");
            var (with, page) = await DbFigures.FirstPageAsync(db, info, s, reader);
            return new SharesFigure(added.Count, followedLarge, without, with, page.Count(p => p.RepostedBy is { } by && added.Any(a => a.UserId == by.Id && a.PostId == p.Id)));
        }
        finally
        {
            await conn.ExecuteAsync("""
                DELETE FROM feed_large_shares s USING unnest(@users, @posts) AS a(user_id, post_id)
                 WHERE s.user_id = a.user_id AND s.post_id = a.post_id;
                DELETE FROM reposts r USING unnest(@users, @posts) AS a(user_id, post_id)
                 WHERE r.user_id = a.user_id AND r.post_id = a.post_id;
                UPDATE feed_large_authors la SET last_shared_at = (SELECT max(s.created_at) FROM feed_large_shares s WHERE s.user_id = la.user_id)
                 WHERE la.last_shared_at IS NOT NULL;
                """, new { users = added.Select(a => a.UserId).ToArray(), posts = added.Select(a => a.PostId).ToArray() });
        }
    }
}
