using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Shopping;

/// <summary>The caller's wishlist (migration 0007: wishlists).</summary>
internal static class WishlistSql
{
    /// <summary>
    /// The product, when the caller may see it, share-locked until the wish is in: a seller's deletion in flight (which holds
    /// it FOR NO KEY UPDATE and removes every wish) commits first and the product is gone (404), or waits and takes the wish.
    /// The wish's foreign key check alone would not wait for it.
    /// </summary>
    public static readonly string LockVisible = ProductsSql.FindVisible + " FOR SHARE OF pr";

    /// <summary>
    /// Saves by one account take turns (a lock of this table's own, as collections' creations), so two at once cannot both
    /// pass the count below <see cref="MaxWishes"/>. Taken before the product's share lock, always in that order.
    /// </summary>
    public const string LockSaving = "SELECT pg_advisory_xact_lock(hashtext('wishlists'), hashtext(@viewer::text))";

    /// <summary>
    /// Saved products per account: far above what a person keeps, low enough that a script cannot grow one account's list,
    /// and the fan-out of every price drop or restock to it, without bound.
    /// </summary>
    public const int MaxWishes = 5_000;

    /// <summary>
    /// Whether the product is saved already (a second save changes nothing, so it passes at the cap), and whether the list is
    /// full: <see cref="MaxWishes"/> wishes of products not deleted (a deleted product's wishes wait for wishlist-cleanup and are
    /// shown nowhere). Every row is counted first, no further than the cap, on wishlists_pkey alone; only a list that reaches
    /// it has its products looked up, so a save costs a few buffers until then.
    /// </summary>
    public const string Saved = """
        SELECT EXISTS (SELECT 1 FROM wishlists WHERE user_id = @viewer AND product_id = @productId) AS saved,
               (SELECT count(*) FROM (SELECT 1 FROM wishlists WHERE user_id = @viewer LIMIT @max) AS rows) >= @max
               AND (SELECT count(*) FROM (SELECT 1 FROM wishlists w JOIN products pr ON pr.id = w.product_id
                                          WHERE w.user_id = @viewer AND pr.deleted_at IS NULL LIMIT @max) AS kept) >= @max AS full
        """;

    public const string Add = """
        INSERT INTO wishlists (user_id, product_id, created_at) VALUES (@viewer, @productId, @now) ON CONFLICT DO NOTHING
        """;

    /// <summary>One statement, as unsaving is: the wish goes only while the caller's account is live (tokens outlive accounts); answers that.</summary>
    public static readonly string Remove = $"""
        WITH me AS (SELECT {LiveCaller.Is("@viewer")} AS live),
        removed AS (DELETE FROM wishlists WHERE user_id = @viewer AND product_id = @productId AND (SELECT live FROM me))
        SELECT live FROM me
        """;

    /// <summary>
    /// Newest saved first (wishlists_user_recent): every wish that counts towards <see cref="MaxWishes"/>, so the list and the
    /// limit agree. A deleted product's wishes (waiting for wishlist-cleanup, or for an appeal) drop out, as they stop counting;
    /// one the caller may no longer see (a block, a seller who went private or away) stays with visible false, for
    /// <see cref="WishlistEntry.Hidden"/>. Unavailable ones stay: a sold-out wish is still a wish.
    /// </summary>
    public static readonly string Page = $"""
        SELECT w.product_id AS id, w.created_at, {VisibilityPolicy.ContentFilter("pr.user_id")} AS visible
          FROM wishlists w JOIN products pr ON pr.id = w.product_id
        WHERE w.user_id = @viewer AND pr.deleted_at IS NULL AND {KeysetSql.Older("w.created_at", "w.product_id")}
        ORDER BY w.created_at DESC, w.product_id DESC LIMIT @take
        """;
}
