using Dapper;
using Npgsql;

namespace Fowergram.Bench;

/// <summary>What <see cref="CacheWarmer.WarmAsync"/> did: blocks loaded into shared buffers and into the OS cache, or why nothing.</summary>
public sealed record WarmFigure(long BufferBlocks, long OsCacheBlocks, string? Skipped)
{
    public override string ToString() => Skipped ?? $"{BufferBlocks * 8 / 1024.0:N0} MB into shared buffers, {OsCacheBlocks * 8 / 1024.0:N0} MB into the OS cache";
}

/// <summary>
/// Loads the relations the measured requests read before anything is timed, so the first measurements do not
/// read from disk while the later ones read from memory (after a reboot the OS cache is empty: a feed page then
/// took 12–20 ms for the 3–11 blocks it read, against ~1 ms warm). Uses pg_prewarm (contrib): into shared
/// buffers in the order below while three quarters of them are left, into the OS cache after that.
/// </summary>
public static class CacheWarmer
{
    /// <summary>The feed read's relations first (entries, posts, authors, follows, flags, counters, media), then likes'.</summary>
    private static readonly string[] Relations =
    [
        "feed_entries_pkey", "feed_entries", "posts_pkey", "posts_id_author_time_key", "posts", "posts_author_timeline",
        "users_pkey", "users", "follows_pkey", "likes_pkey", "saved_posts_pkey", "post_stats_pkey", "post_stats",
        "post_media_post_order_key", "post_media", "feed_large_authors", "blocks_pkey", "blocks_blocked", "blocks",
        "mutes_pkey", "mutes", "explore_candidates", "likes_post", "likes",
    ];

    public static async Task<WarmFigure> WarmAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        try
        {
            await conn.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_prewarm");
        }
        catch (PostgresException ex)
        {
            return new WarmFigure(0, 0, $"not warmed: pg_prewarm is unavailable ({ex.SqlState}: {ex.MessageText})");
        }
        var budget = await conn.ExecuteScalarAsync<long>("SELECT setting::bigint * 3 / 4 FROM pg_settings WHERE name = 'shared_buffers'");
        long buffers = 0, osCache = 0;
        foreach (var relation in Relations)
        {
            var blocks = await conn.ExecuteScalarAsync<long?>(
                "SELECT pg_relation_size(c.oid) / 8192 FROM pg_class c WHERE c.oid = to_regclass(@relation)", new { relation });
            if (blocks is not { } size) continue; // a relation of another schema version
            var intoBuffers = buffers + size <= budget;
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_prewarm(to_regclass(@relation), @mode)",
                new { relation, mode = intoBuffers ? "buffer" : "read" }, commandTimeout: 0));
            if (intoBuffers) buffers += size; else osCache += size;
        }
        return new WarmFigure(buffers, osCache, null);
    }
}
