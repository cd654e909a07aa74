using Dapper;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>
/// Deletes the post and reel tags of products their sellers deleted (products.tags_to_clear, migration 0235), which the
/// deletion leaves so that it costs the same however many posts and reels feature the product; until then every read leaves
/// them out, as a deleted product's. <see cref="Batch"/> tags a transaction, one product a transaction, post tags before reel
/// tags; the flag clears with the last batch. A product a moderator removed is never flagged: its tags wait for the appeal.
/// Idempotent; concurrent runs skip each other's products.
/// </summary>
public sealed class ProductTagCleanupJob(NpgsqlDataSource db, ILogger<ProductTagCleanupJob> logger) : IScheduledJob
{
    public const string JobName = "product-tag-cleanup";
    public const string JobSchedule = "0 */15 * * * *";

    /// <summary>Tags deleted per transaction.</summary>
    public const int Batch = 1000;

    /// <summary>
    /// The product its seller deleted longest ago whose tags are not all deleted yet (products_tags_to_clear), locked before
    /// its tags, the order in which the account purge's cascade through products takes them; one another run (or
    /// wishlist-cleanup) holds is skipped until the next run. The flag implies a seller's deletion
    /// (products_tags_to_clear_when_deleted), which nothing undoes, and a deleted product takes no new tag
    /// (ProductTagsSql.OwnProduct): every tag this deletes is one no read shows any more.
    /// </summary>
    private const string Next = """
        SELECT id FROM products WHERE tags_to_clear ORDER BY deleted_at, id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED
        """;

    // Each answers how many tags it found, not how many it deleted: one the author took off meanwhile is not the last of them.
    private const string ClearPostTags = """
        WITH batch AS (SELECT post_id FROM post_product_tags WHERE product_id = @productId LIMIT @batch),
        gone AS (DELETE FROM post_product_tags t USING batch WHERE t.product_id = @productId AND t.post_id = batch.post_id)
        SELECT count(*) FROM batch
        """;

    private const string ClearReelTags = """
        WITH batch AS (SELECT reel_id FROM reel_product_tags WHERE product_id = @productId LIMIT @batch),
        gone AS (DELETE FROM reel_product_tags t USING batch WHERE t.product_id = @productId AND t.reel_id = batch.reel_id)
        SELECT count(*) FROM batch
        """;

    private const string Cleared = "UPDATE products SET tags_to_clear = false WHERE id = @productId";

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var deleted = 0L;
        await using var conn = await db.OpenConnectionAsync(ct);
        while (true)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var next = (await conn.QueryAsync<Guid>(new CommandDefinition(Next, null, tx, cancellationToken: ct))).ToList();
            if (next.Count == 0) break;
            var found = await ClearAsync(conn, tx, ClearPostTags, next[0], Batch, ct);
            if (found < Batch) found += await ClearAsync(conn, tx, ClearReelTags, next[0], Batch - (int)found, ct);
            if (found < Batch) await conn.ExecuteAsync(new CommandDefinition(Cleared, new { productId = next[0] }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            deleted += found;
        }
        if (deleted > 0) logger.LogInformation("Deleted up to {Count} post and reel tags of deleted products", deleted);
    }

    private static Task<long> ClearAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, Guid productId, int batch, CancellationToken ct) =>
        conn.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { productId, batch }, tx, cancellationToken: ct));
}
