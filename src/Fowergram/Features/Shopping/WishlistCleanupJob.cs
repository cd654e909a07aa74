using Dapper;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>
/// Deletes the wishlist entries of products deleted for good (products.wishlists_to_clear, migration 0231): those their
/// sellers deleted, which the deletion leaves so that it costs the same however many people saved the product, and those a
/// moderator removed once the removal can no longer be reversed (first, it ends the holds past their end: RemovedProducts).
/// Until then every read leaves them out, as a deleted product's. <see cref="Batch"/> entries a transaction, one product a
/// transaction; the flag clears with the last batch. Idempotent; concurrent runs skip each other's products, and
/// product-tag-cleanup works on the same product at once (RemovedProducts.Next).
/// </summary>
public sealed class WishlistCleanupJob(NpgsqlDataSource db, ILogger<WishlistCleanupJob> logger) : IScheduledJob
{
    public const string JobName = "wishlist-cleanup";
    public const string JobSchedule = "0 */15 * * * *";

    /// <summary>Wishlist entries deleted per transaction.</summary>
    public const int Batch = 1000;

    private static readonly string Next = RemovedProducts.Next("wishlists_to_clear", JobName);

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
            var args = new { productId = next[0], batch = Batch };
            var found = await conn.ExecuteScalarAsync<long>(new CommandDefinition(ProductsSql.ClearWishes, args, tx, cancellationToken: ct));
            if (found < Batch) await conn.ExecuteAsync(new CommandDefinition(ProductsSql.WishesCleared, args, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            deleted += found;
        }
        if (deleted > 0) logger.LogInformation("Deleted up to {Count} wishlist entries of deleted products", deleted);
    }
}
