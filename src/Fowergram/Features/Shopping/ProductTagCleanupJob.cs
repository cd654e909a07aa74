using Dapper;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>
/// Deletes the post and reel tags, and takes the story stickers off, of products deleted for good
/// (products.tags_to_clear, migration 0235): those their sellers deleted, which the deletion leaves so that it costs the same
/// however many posts, reels and stories feature the product, and those a moderator removed once the removal can no longer
/// be reversed (first, it ends the holds past their end: RemovedProducts). Until then every read leaves them out, as a
/// deleted product's. <see cref="Batch"/> rows a transaction, one product a transaction, post tags, then reel tags, then
/// stickers; the flag clears with the last batch. Idempotent; concurrent runs skip each other's products, and
/// wishlist-cleanup works on the same product at once (RemovedProducts.Next).
/// </summary>
public sealed class ProductTagCleanupJob(NpgsqlDataSource db, ILogger<ProductTagCleanupJob> logger) : IScheduledJob
{
    public const string JobName = "product-tag-cleanup";
    public const string JobSchedule = "0 */15 * * * *";

    /// <summary>Tags deleted per transaction.</summary>
    public const int Batch = 1000;

    /// <summary>
    /// The product deleted longest ago whose tags are not all deleted yet (products_tags_to_clear). The flag implies a
    /// deletion nothing undoes (a seller's, or a removal whose hold ended), and a deleted product takes no new tag
    /// (ProductTagsSql.OwnProduct) nor sticker: every row this deletes is one no read shows any more.
    /// </summary>
    private static readonly string Next = RemovedProducts.Next("tags_to_clear", JobName);

    // Each answers how many rows it found, not how many it changed: one the author took off meanwhile is not the last of them.
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

    // What the product's hard delete would do (stories.product_id ON DELETE SET NULL): the story stays, without the sticker.
    private const string ClearStickers = """
        WITH batch AS (SELECT id FROM stories WHERE product_id = @productId LIMIT @batch),
        gone AS (UPDATE stories s SET product_id = NULL FROM batch WHERE s.id = batch.id AND s.product_id = @productId)
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
        await RemovedProducts.EndDueHoldsAsync(conn, now, ct);
        while (true)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var next = (await conn.QueryAsync<Guid>(new CommandDefinition(Next, null, tx, cancellationToken: ct))).ToList();
            if (next.Count == 0) break;
            var found = 0L;
            foreach (var clear in new[] { ClearPostTags, ClearReelTags, ClearStickers })
                if (found < Batch) found += await ClearAsync(conn, tx, clear, next[0], Batch - (int)found, ct);
            if (found < Batch) await conn.ExecuteAsync(new CommandDefinition(Cleared, new { productId = next[0] }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            deleted += found;
        }
        if (deleted > 0) logger.LogInformation("Deleted up to {Count} post and reel tags and story stickers of deleted products", deleted);
    }

    private static Task<long> ClearAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, Guid productId, int batch, CancellationToken ct) =>
        conn.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { productId, batch }, tx, cancellationToken: ct));
}
