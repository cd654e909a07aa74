using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>
/// A product a moderator took down, brought back by a reversed appeal (docs/shopping.md "Removed products"): live again with
/// its photos, details, tags on posts, reels and stories, and wishlist entries as they were, since the takedown kept them all
/// (ProductTakedown) while it is restorable. Its stored objects are its photos' uploads, which media-cleanup deletes once
/// released: the hold is the release time itself, as for reels (ReleasedUploadsReinstatement) — released as of the appeal
/// window's end, not at all while an appeal is open, now when the removal is upheld. Its tags and wishlist entries are held
/// the same way by products.restorable_until (migration 0240), whose end hands them to product-tag-cleanup and
/// wishlist-cleanup (RemovedProducts): an appeal and a reversal both need it, so neither meets a product whose tags are going.
/// </summary>
public sealed class ProductReinstatement : IReinstatement
{
    private const string Photos = "uploads.id = pi.upload_id AND pi.product_id = @targetId";

    public string TargetType => "product";

    public async Task HoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset until, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE products SET restorable_until = @until WHERE id = @targetId AND restorable_until IS NOT NULL",
            new { targetId, until }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE uploads SET released_at = @until FROM product_images pi WHERE {Photos} AND uploads.object_deleted_at IS NULL
            """, new { targetId, until }, tx, cancellationToken: ct));
    }

    /// <summary>For the owner's list: false once the removal is final (its hold ended), though the window may say otherwise.</summary>
    public Task<bool> CanComeBackAsync(NpgsqlConnection conn, Guid targetId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM products WHERE id = @targetId AND restorable_until IS NOT NULL)", new { targetId }, cancellationToken: ct));

    // Refused once the product's hold has ended (the jobs may be deleting its tags: a job and an appeal at the window's very
    // end take the row lock in turn, and the second finds the first's answer), or once any photo is released as of now
    // (media-cleanup may be deleting it: it takes only those released a grace ago) or deleted; otherwise nothing is let go
    // until the decision.
    public async Task<bool> KeepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
    {
        if (await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE products SET restorable_until = 'infinity' WHERE id = @targetId AND restorable_until > @now",
                new { targetId, now }, tx, cancellationToken: ct)) == 0) return false;
        var ended = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM product_images pi JOIN uploads u ON u.id = pi.upload_id
                            WHERE pi.product_id = @targetId AND (u.released_at <= @now OR u.object_deleted_at IS NOT NULL))
            """, new { targetId, now }, tx, cancellationToken: ct));
        if (ended) return false;
        await conn.ExecuteAsync(new CommandDefinition($"UPDATE uploads SET released_at = NULL FROM product_images pi WHERE {Photos}",
            new { targetId }, tx, cancellationToken: ct));
        return true;
    }

    // Upheld: final now, so its tags and wishlist entries go at the jobs' next run, as its photos at media-cleanup's.
    public async Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(RemovedProducts.Upheld, new { targetId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE uploads SET released_at = @now FROM product_images pi
             WHERE {Photos} AND uploads.object_deleted_at IS NULL AND (uploads.released_at IS NULL OR uploads.released_at > @now)
            """, new { targetId, now }, tx, cancellationToken: ct));
    }

    // Held photos are unreleased (KeepAsync): a released or deleted one means the hold ended, or the account purge let it go.
    // A product whose hold ended (restorable_until NULL) is final: its tags may be going, so it stays removed.
    // The SKU is unique among the seller's live products only (0217), so the seller may have listed another product under it
    // while this one was removed: then it comes back without one (the seller's live product keeps it) rather than failing the
    // decision. Tried under a savepoint, so a product created with the SKU while this runs is caught as well as an older one.
    public async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
    {
        await tx.SaveAsync(Savepoint, ct);
        try
        {
            return await RestoreAsync(conn, tx, targetId, keepSku: true, ct);
        }
        catch (PostgresException ex) when (ProductRules.IsSkuTaken(ex))
        {
            await tx.RollbackAsync(Savepoint, ct);
            return await RestoreAsync(conn, tx, targetId, keepSku: false, ct);
        }
    }

    private const string Savepoint = "product_reinstatement";

    private static async Task<bool> RestoreAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, bool keepSku, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE products pr SET deleted_at = NULL, restorable_until = NULL, sku = CASE WHEN @keepSku THEN pr.sku END
             WHERE pr.id = @targetId AND pr.deleted_at IS NOT NULL AND pr.restorable_until IS NOT NULL
               AND EXISTS (SELECT 1 FROM users a WHERE a.id = pr.user_id AND a.deleted_at IS NULL)
               AND NOT EXISTS (SELECT 1 FROM product_images pi JOIN uploads u ON u.id = pi.upload_id
                                WHERE pi.product_id = pr.id AND (u.released_at IS NOT NULL OR u.object_deleted_at IS NOT NULL))
            """, new { targetId, keepSku }, tx, cancellationToken: ct)) == 1;
}
