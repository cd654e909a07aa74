using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>
/// Deleting a product. By its seller (ProductsApi), final: its photos go to media-cleanup; its post and reel tags and its
/// wishlist entries, and its stories' stickers of it, are hidden at once and deleted by product-tag-cleanup and
/// wishlist-cleanup (ProductTagCleanupJob, WishlistCleanupJob). By a moderator acting on a report, it may come back on appeal
/// (ProductReinstatement): its tags and wishlist entries stay where they are, left out of every read as a deleted product's
/// are, while it is restorable (restorable_until: as of now, which the appeal's hold moves to the window's end, as it moves
/// its photos' release); once that ends the same jobs take them (RemovedProducts). Products raise no events.
/// </summary>
public sealed class ProductTakedown : ITakedown
{
    // Not updated_at: a reversed removal brings the product back as it was, last edited when its seller last edited it.
    // Restorable until now only: a removal that cannot be appealed (appeals off) is final at the jobs' next run.
    private const string TakeDown = """
        UPDATE products SET deleted_at = @now, restorable_until = @now WHERE id = @productId AND deleted_at IS NULL RETURNING id
        """;

    public IReadOnlyCollection<string> TargetTypes { get; } = ["product"];

    /// <summary>Deletes the seller's live product; false when there is none.</summary>
    internal static async Task<bool> RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid productId, Guid sellerId, DateTimeOffset now,
        CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ProductsSql.LockOwn, new { productId, viewer = sellerId }, tx,
                cancellationToken: ct)) is null) return false;
        var photos = await PhotosAsync(conn, tx, productId, ct);
        await conn.ExecuteAsync(new CommandDefinition(ProductsSql.SoftDelete, new { productId, viewer = sellerId, now }, tx,
            cancellationToken: ct));
        if (photos.Length > 0) await ProductImages.ReleaseAsync(conn, tx, photos, now, ct);
        return true;
    }

    public async Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(TakeDown, new { productId = targetId, now }, tx, cancellationToken: ct)) is null)
            return Takedown.Gone;
        var photos = await PhotosAsync(conn, tx, targetId, ct);
        if (photos.Length > 0) await ProductImages.ReleaseAsync(conn, tx, photos, now, ct);
        return Takedown.Removed;
    }

    private static async Task<Guid[]> PhotosAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid productId, CancellationToken ct) =>
        (await conn.QueryAsync<Guid>(new CommandDefinition(ProductsSql.Images, new { productId }, tx, cancellationToken: ct))).ToArray();
}
