using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Shopping;

/// <summary>Products and their photos (migrations 0007 and 0070).</summary>
internal static class ProductsSql
{
    /// <summary>
    /// The one rule for every product read: not deleted, and the seller's content visible to @viewer (blocks either way,
    /// private sellers, deleted or deactivated sellers) — a product is as visible as its seller's posts.
    /// </summary>
    public static readonly string VisibleTo = "pr.deleted_at IS NULL AND " + VisibilityPolicy.ContentFilter("pr.user_id");

    /// <summary>Creating and tagging need a live business profile (users.profile_category, set by PATCH /users/me).</summary>
    public const string SellerCategory = """
        SELECT profile_category FROM users WHERE id = @viewer AND deleted_at IS NULL AND is_active
        """;

    /// <summary>The price written with its currency's stored decimals (CurrencyCodes.StoredDecimalsSql): 15 EUR reads back 15.00.</summary>
    public static readonly string Insert = $"""
        INSERT INTO products (id, user_id, name, description, price, currency, category, brand, sku, url, stock_quantity, is_available,
                              created_at, updated_at)
        VALUES (@id, @viewer, @name, @description, round(@price, {CurrencyCodes.StoredDecimalsSql("@currency")}), @currency, @category,
                @brand, @sku, @url, @stockQuantity, @isAvailable, @now, @now)
        """;

    /// <summary>The seller's own live product, locked so two edits of its photos are ordered and each releases what the other set.</summary>
    public const string LockOwn = "SELECT id FROM products WHERE id = @productId AND user_id = @viewer AND deleted_at IS NULL FOR NO KEY UPDATE";

    /// <summary>The price is rewritten with the decimals of the currency it ends in (a new currency alone may change them).</summary>
    public static readonly string Update = $"""
        UPDATE products SET
            name = CASE WHEN @setName THEN @name ELSE name END,
            description = CASE WHEN @setDescription THEN @description ELSE description END,
            price = round(CASE WHEN @setPrice THEN @price ELSE price END,
                          {CurrencyCodes.StoredDecimalsSql("CASE WHEN @setCurrency THEN @currency ELSE currency END")}),
            currency = CASE WHEN @setCurrency THEN @currency ELSE currency END,
            category = CASE WHEN @setCategory THEN @category ELSE category END,
            brand = CASE WHEN @setBrand THEN @brand ELSE brand END,
            sku = CASE WHEN @setSku THEN @sku ELSE sku END,
            url = CASE WHEN @setUrl THEN @url ELSE url END,
            stock_quantity = CASE WHEN @setStock THEN @stockQuantity ELSE stock_quantity END,
            is_available = CASE WHEN @setAvailable THEN @isAvailable ELSE is_available END,
            updated_at = @now
        WHERE id = @productId AND user_id = @viewer AND deleted_at IS NULL
        """;

    /// <summary>
    /// The seller's soft delete. It is final (no route restores it, and a moderator can neither remove nor reinstate a
    /// deleted product), so its photos are released for media-cleanup in the same transaction (ProductTakedown.RemoveAsync).
    /// Its post and reel tags, as many as the seller placed, and its wishlist entries, as many as people saved it, stay: every
    /// read leaves a deleted product's out. tags_to_clear (migration 0235) hands the tags to product-tag-cleanup
    /// (ProductTagCleanupJob); it is set whether or not there is one, so the request never reads the tag tables and
    /// a tag that was waiting on the caller's lock (<see cref="LockOwn"/>) cannot be missed. wishlists_to_clear (0231, set
    /// when there is one) hands the wishes to wishlist-cleanup (WishlistCleanupJob). A moderator's takedown keeps tags and
    /// wishes for an appeal instead, and sets neither flag until the removal is final (RemovedProducts). Its SKU stays on the
    /// row but is free at once: products_seller_sku_key covers live products only (0217).
    /// </summary>
    public const string SoftDelete = """
        UPDATE products pr SET deleted_at = @now, updated_at = @now, tags_to_clear = true,
               wishlists_to_clear = EXISTS (SELECT 1 FROM wishlists w WHERE w.product_id = pr.id)
         WHERE pr.id = @productId AND pr.user_id = @viewer AND pr.deleted_at IS NULL
        """;

    /// <summary>
    /// Deletes up to @batch wishlist entries of the product (wishlists_product); answers how many it found, not how many it
    /// deleted: one its saver took off meanwhile is not the last of them.
    /// </summary>
    public const string ClearWishes = """
        WITH batch AS (SELECT user_id FROM wishlists WHERE product_id = @productId LIMIT @batch),
        gone AS (DELETE FROM wishlists w USING batch WHERE w.product_id = @productId AND w.user_id = batch.user_id)
        SELECT count(*) FROM batch
        """;

    public const string WishesCleared = "UPDATE products SET wishlists_to_clear = false WHERE id = @productId";

    public const string Images = "SELECT upload_id FROM product_images WHERE product_id = @productId ORDER BY position";

    public const string ClearImages = "DELETE FROM product_images WHERE product_id = @productId";

    public const string InsertImage = """
        INSERT INTO product_images (product_id, upload_id, position, created_at) VALUES (@productId, @uploadId, @position, @now)
        """;

    /// <summary>Photos nothing points at any more: media-cleanup deletes their objects (MediaSql.ReleasedObjects).</summary>
    public const string Release = "UPDATE uploads SET released_at = @now WHERE id = ANY(@uploadIds) AND released_at IS NULL";

    /// <summary>Products with their seller, in any order (callers put them in theirs); binds @ids and @viewer.</summary>
    public const string Views = """
        SELECT pr.id, pr.user_id AS seller_id, u.username, u.full_name, u.avatar, u.is_verified, pr.name, pr.description, pr.price,
               pr.currency, pr.category, pr.brand, pr.sku, pr.url, pr.stock_quantity, pr.is_available, pr.created_at, pr.updated_at,
               EXISTS (SELECT 1 FROM wishlists w WHERE w.user_id = @viewer AND w.product_id = pr.id) AS is_wishlisted
          FROM products pr JOIN users u ON u.id = pr.user_id
         WHERE pr.id = ANY(@ids)
        """;

    public const string ViewImages = """
        SELECT pi.product_id, pi.upload_id, up.blob_name AS object_name, up.content_type
          FROM product_images pi JOIN uploads up ON up.id = pi.upload_id
         WHERE pi.product_id = ANY(@ids)
         ORDER BY pi.product_id, pi.position
        """;

    /// <summary>
    /// The product when @viewer may see it; none for a token whose account is gone (LiveCaller.GuestOrLive, one probe in the
    /// same statement), whose 404 the route then tells from the account's 401 (GoneCaller.NotFoundAsync).
    /// </summary>
    public static readonly string FindVisible =
        $"SELECT pr.id FROM products pr WHERE pr.id = @productId AND {VisibleTo} AND {LiveCaller.GuestOrLive("@viewer")}";

    /// <summary>The shop as buyers see it: available products, newest first (products_seller_shop).</summary>
    public static readonly string Shop = $"""
        SELECT pr.id, pr.created_at FROM products pr
        WHERE pr.user_id = @ownerId AND pr.is_available AND pr.deleted_at IS NULL AND {KeysetSql.Older("pr.created_at", "pr.id")}
        ORDER BY pr.created_at DESC, pr.id DESC LIMIT @take
        """;

    /// <summary>
    /// The seller's own catalogue, unavailable products too: a page of the shop (products_seller_shop) and a page of the
    /// unavailable ones (products_seller_unavailable), merged; at most 2 × @take rows are sorted.
    /// </summary>
    public static readonly string Catalog = $"""
        SELECT id, created_at FROM (
            (SELECT pr.id, pr.created_at FROM products pr
              WHERE pr.user_id = @ownerId AND pr.is_available AND pr.deleted_at IS NULL AND {KeysetSql.Older("pr.created_at", "pr.id")}
              ORDER BY pr.created_at DESC, pr.id DESC LIMIT @take)
            UNION ALL
            (SELECT pr.id, pr.created_at FROM products pr
              WHERE pr.user_id = @ownerId AND NOT pr.is_available AND pr.deleted_at IS NULL AND {KeysetSql.Older("pr.created_at", "pr.id")}
              ORDER BY pr.created_at DESC, pr.id DESC LIMIT @take)) catalogue
        ORDER BY created_at DESC, id DESC LIMIT @take
        """;
}
