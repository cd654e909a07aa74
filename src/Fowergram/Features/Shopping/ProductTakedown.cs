using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>
/// Deleting a product (it leaves every post, reel and story tag and every wishlist; its photos go to media-cleanup): by its
/// seller (ProductsApi), or by a moderator acting on a report. Products raise no events.
/// </summary>
public sealed class ProductTakedown : ITakedown
{
    public IReadOnlyCollection<string> TargetTypes { get; } = ["product"];

    /// <summary>Deletes the seller's live product; false when there is none.</summary>
    internal static async Task<bool> RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid productId, Guid sellerId, DateTimeOffset now,
        CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ProductsSql.LockOwn, new { productId, viewer = sellerId }, tx,
                cancellationToken: ct)) is null) return false;
        var photos = (await conn.QueryAsync<Guid>(new CommandDefinition(ProductsSql.Images, new { productId }, tx, cancellationToken: ct))).ToArray();
        await conn.ExecuteScalarAsync<long>(new CommandDefinition(ProductsSql.SoftDelete, new { productId, viewer = sellerId, now }, tx,
            cancellationToken: ct));
        if (photos.Length > 0) await ProductImages.ReleaseAsync(conn, tx, photos, now, ct);
        return true;
    }

    public async Task<bool> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct) =>
        await Owners.OfLiveAsync(conn, tx, "products", targetId, ct) is { } seller && await RemoveAsync(conn, tx, targetId, seller, now, ct);
}
