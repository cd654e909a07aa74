using Dapper;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>
/// When a product a moderator removed stops being restorable (products.restorable_until, migration 0240; docs/shopping.md
/// "Removed products"): its hold ends when the appeal window passes unappealed (product-tag-cleanup and wishlist-cleanup,
/// before their own work) or the removal is upheld (ProductReinstatement). Ending it hands the product's tags and wishlist
/// entries to those jobs, in the statement that makes the removal final: a reversal needs the hold (ProductReinstatement),
/// and an appeal extends it only while it has not passed, both under the same row lock, so no reversal can meet a product
/// whose tags are going.
/// </summary>
internal static class RemovedProducts
{
    /// <summary>Holds ended per statement.</summary>
    public const int Batch = 1000;

    private const string EndHold = """
        restorable_until = NULL, tags_to_clear = true,
        wishlists_to_clear = EXISTS (SELECT 1 FROM wishlists w WHERE w.product_id = pr.id)
        """;

    /// <summary>The removal upheld: final now, whatever its hold.</summary>
    public const string Upheld = $"UPDATE products pr SET {EndHold} WHERE pr.id = @targetId AND pr.restorable_until IS NOT NULL";

    /// <summary>
    /// Holds past their end, oldest first (products_restorable_until), locked in that order so that the two jobs ending them at
    /// once wait for each other rather than deadlock; one an appeal extended meanwhile fails the recheck under the lock and stays held.
    /// </summary>
    private const string Due = $"""
        WITH due AS (SELECT id FROM products WHERE restorable_until <= @now ORDER BY restorable_until, id LIMIT @batch FOR NO KEY UPDATE)
        UPDATE products pr SET {EndHold} FROM due WHERE pr.id = due.id
        """;

    /// <summary>Ends every hold past its end, a batch a transaction; answers how many.</summary>
    public static async Task<long> EndDueHoldsAsync(NpgsqlConnection conn, DateTimeOffset now, CancellationToken ct)
    {
        long ended = 0, batch;
        do ended += batch = await conn.ExecuteAsync(new CommandDefinition(Due, new { now, batch = Batch }, cancellationToken: ct));
        while (batch > 0);
        return ended;
    }

    /// <summary>
    /// The next product with <paramref name="flag"/> set that no other run of <paramref name="job"/> is on, oldest deletion
    /// first. Runs of one job keep apart by a transaction-scoped advisory lock on (job, product), which the other job never
    /// takes, so product-tag-cleanup and wishlist-cleanup work on the same product at once instead of one skipping it until
    /// its next run. The product row itself is only key-shared: enough to come before its rows, the order in which the
    /// account purge's cascade through products takes them (the purge's DELETE waits for it), and no conflict with the other
    /// job's share or with its clearing of its own flag. A hash collision only makes one run leave a product to the other.
    /// The flag is read again under the row lock: a run that finished the product meanwhile has cleared it. OFFSET 0 keeps
    /// the lock out of the ordered subquery, which PostgreSQL would otherwise filter with it, locking every flagged product
    /// before sorting them; outside it, the lock is tried in order until one is free.
    /// </summary>
    public static string Next(string flag, string job) => $"""
        SELECT pr.id FROM products pr
         WHERE pr.id = (SELECT c.id FROM (SELECT id FROM products WHERE {flag} ORDER BY deleted_at, id OFFSET 0) c
                         WHERE pg_try_advisory_xact_lock(hashtext('{job}'), hashtext(c.id::text)) LIMIT 1)
           AND pr.{flag}
           FOR KEY SHARE
        """;
}
