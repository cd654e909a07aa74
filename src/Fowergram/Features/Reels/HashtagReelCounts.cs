using Dapper;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// hashtag_stats.reel_count (migration 0155): a hashtag's live reels, whoever may see them — post_count's rule for posts, which
/// counts every live post whatever its author's privacy or state. Recounted from reel_hashtags (reel_hashtags_page) rather than
/// moved by ±1, as a sound's usage count is (ReelCountersSql): right whatever order or duplicates the events come in, and every
/// recount repairs whatever an earlier one missed. Each hashtag is locked first (a transaction-level advisory lock: a row lock
/// would not cover a missing stats row) and counted in a new statement, whose snapshot holds every change committed before the
/// lock was granted; the change of a later commit raises its own event, so the last recount of a hashtag leaves the true count.
/// </summary>
internal static class HashtagReelCounts
{
    private const string Lock = "SELECT pg_advisory_xact_lock(hashtext('hashtag_stats'), hashtext(@hashtagId::text))";

    private const string Recount = """
        INSERT INTO hashtag_stats (hashtag_id, reel_count, updated_at)
        SELECT h.id, (SELECT count(*) FROM reel_hashtags rh JOIN reels r ON r.id = rh.reel_id
                       WHERE rh.hashtag_id = h.id AND r.deleted_at IS NULL), @now
        FROM hashtags h WHERE h.id = @hashtagId
        ON CONFLICT (hashtag_id) DO UPDATE SET reel_count = EXCLUDED.reel_count, updated_at = EXCLUDED.updated_at
        """;

    /// <summary>The hashtags the given reels carry (a deleted reel keeps its rows), for reel.created and reel.deleted.</summary>
    private const string OfReels = "SELECT DISTINCT hashtag_id FROM reel_hashtags WHERE reel_id = ANY(@reelIds)";

    /// <summary>Recounts each hashtag once, in id order: the one order every transaction that recounts takes their locks in.</summary>
    public static async Task RecountAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IEnumerable<Guid> hashtagIds, DateTimeOffset now,
        CancellationToken ct)
    {
        foreach (var hashtagId in hashtagIds.Distinct().Order())
        {
            await conn.ExecuteAsync(new CommandDefinition(Lock, new { hashtagId }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(Recount, new { hashtagId, now }, tx, cancellationToken: ct));
        }
    }

    /// <summary>Recounts the hashtags <paramref name="reelIds"/> carry.</summary>
    public static async Task RecountOfReelsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid[] reelIds, DateTimeOffset now, CancellationToken ct)
    {
        var hashtagIds = await conn.QueryAsync<Guid>(new CommandDefinition(OfReels, new { reelIds }, tx, cancellationToken: ct));
        await RecountAsync(conn, tx, hashtagIds, now, ct);
    }
}
