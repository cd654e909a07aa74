using Dapper;
using Fowergram.Features.Shopping;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// The product sticker of a new story (migration 0095): as for product tags on posts and reels, a business profile puts one
/// of its own products on its story, and only a product it is selling.
/// </summary>
internal static class StoryProducts
{
    private const string OwnProduct = """
        SELECT is_available FROM products WHERE id = @productId AND user_id = @viewer AND deleted_at IS NULL FOR SHARE
        """;

    /// <summary>
    /// Null when the caller may put the product on a story; else 401/403 (<see cref="Sellers"/>), 404 for a product that is not
    /// the caller's own live one, 409 for one that is not for sale. The product row is share-locked until the story commits, so
    /// a concurrent "not for sale" edit waits for it and the sticker then hides with the product.
    /// </summary>
    public static async Task<IResult?> RefusalAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid viewer, Guid productId, CancellationToken ct)
    {
        if (await Sellers.RefusalAsync(conn, tx, viewer, ct) is { } refused) return refused;
        return await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(OwnProduct, new { productId, viewer }, tx, cancellationToken: ct)) switch
        {
            null => Problems.NotFound("product"),
            false => Problems.Conflict("The product is not for sale; make it available before putting it on a story.",
                new Dictionary<string, string[]> { ["productId"] = ["The product is not available."] }),
            true => null,
        };
    }
}
