using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Shopping;

/// <summary>Product tags on posts (migration 0007: post_product_tags).</summary>
internal static class ProductTagsSql
{
    /// <summary>The caller's own live post, locked so two concurrent tags cannot both pass the per-post limit.</summary>
    public const string LockOwnPost = """
        SELECT id FROM posts WHERE id = @postId AND user_id = @viewer AND deleted_at IS NULL FOR NO KEY UPDATE
        """;

    /// <summary>
    /// The caller's live product, share-locked until the tag is in: the seller's deletion in flight (which holds it FOR NO KEY
    /// UPDATE and removes every tag) commits first and the product is gone (404), or waits and takes the tag with it. The tag's
    /// foreign key check alone would not wait (ProductDeletionRaceTests).
    /// </summary>
    public const string OwnProduct = "SELECT id FROM products WHERE id = @productId AND user_id = @viewer AND deleted_at IS NULL FOR SHARE";

    /// <summary>Moves an existing tag; 0 rows when the product is not tagged on the post yet.</summary>
    public const string Move = """
        UPDATE post_product_tags SET x_coordinate = @x, y_coordinate = @y WHERE post_id = @postId AND product_id = @productId
        """;

    /// <summary>Tags of live products only: a removed product's tag waits, unseen, for its appeal (ProductTakedown) without taking a place.</summary>
    public const string Count = """
        SELECT count(*) FROM post_product_tags t JOIN products pr ON pr.id = t.product_id WHERE t.post_id = @postId AND pr.deleted_at IS NULL
        """;

    public const string Insert = """
        INSERT INTO post_product_tags (post_id, product_id, x_coordinate, y_coordinate, created_at)
        VALUES (@postId, @productId, @x, @y, @now)
        """;

    public static readonly string Untag = UntagOf("posts", "post_product_tags", "post_id", "@postId");

    /// <summary>
    /// Taking a product tag off the caller's own live post or reel, in one statement: the caller's account is checked in it
    /// (tokens outlive accounts), and it answers that (live) and whether the thing is the caller's (found): 401, 404, or 204.
    /// </summary>
    public static string UntagOf(string things, string tags, string column, string thingId) => $"""
        WITH me AS (SELECT {LiveCaller.Is("@viewer")} AS live),
        own AS (SELECT id FROM {things} WHERE id = {thingId} AND user_id = @viewer AND deleted_at IS NULL AND (SELECT live FROM me)),
        removed AS (DELETE FROM {tags} t USING own WHERE t.{column} = own.id AND t.product_id = @productId)
        SELECT live, EXISTS (SELECT 1 FROM own) AS found FROM me
        """;

    /// <summary>
    /// A visible post's tags (post_product_tags_pkey), oldest first as they were placed; deleted and unavailable products
    /// (and any the caller may not see) are left out.
    /// </summary>
    public static readonly string OfPost = $"""
        SELECT t.product_id, t.x_coordinate AS x, t.y_coordinate AS y FROM post_product_tags t JOIN products pr ON pr.id = t.product_id
        WHERE t.post_id = @postId AND pr.is_available AND {ProductsSql.VisibleTo}
        ORDER BY t.created_at, t.product_id
        """;

    /// <summary>Posts featuring a product, most recently tagged first (post_product_tags_product), each through the post rule.</summary>
    public static readonly string PostsOfProduct = $"""
        SELECT p.id, t.created_at FROM post_product_tags t JOIN posts p ON p.id = t.post_id
        WHERE t.product_id = @productId AND {PostAccess.VisibleTo} AND {KeysetSql.Older("t.created_at", "t.post_id")}
        ORDER BY t.created_at DESC, t.post_id DESC LIMIT @take
        """;
}
