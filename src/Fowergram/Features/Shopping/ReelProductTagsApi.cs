using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>
/// Product tags on reels (reel_product_tags, migration 0090): a business account tags its own products on its own reel (PUT,
/// idempotent), removes them (DELETE), and anyone who may see the reel reads them; a product's page lists the reels featuring
/// it. As on posts, at most <see cref="ProductRules.MaxTagsPerPost"/> per reel; no place on the picture (a reel moves).
/// </summary>
public sealed class ReelProductTagsApi(NpgsqlDataSource db, AccessTokens tokens, ProductViews views, ReelReader reels, TimeProvider time)
{
    /// <summary>The caller's own live reel, locked so two concurrent tags cannot both pass the per-reel limit.</summary>
    private const string LockOwnReel = "SELECT id FROM reels WHERE id = @reelId AND user_id = @viewer AND deleted_at IS NULL FOR NO KEY UPDATE";

    // Tags of live products only: a removed product's tag waits, unseen, for its appeal (ProductTakedown) without taking a place.
    private const string Count = """
        SELECT count(*) FROM reel_product_tags t JOIN products pr ON pr.id = t.product_id WHERE t.reel_id = @reelId AND pr.deleted_at IS NULL
        """;

    private const string Insert = """
        INSERT INTO reel_product_tags (reel_id, product_id, created_at) VALUES (@reelId, @productId, @now)
        ON CONFLICT (reel_id, product_id) DO NOTHING
        """;

    private const string Tagged = "SELECT EXISTS (SELECT 1 FROM reel_product_tags WHERE reel_id = @reelId AND product_id = @productId)";

    private static readonly string UntagSql = ProductTagsSql.UntagOf("reels", "reel_product_tags", "reel_id", "@reelId");

    /// <summary>A visible reel's tags, in the order they were added; deleted, unavailable and hidden products are left out.</summary>
    private static readonly string OfReelSql = $"""
        SELECT t.product_id FROM reel_product_tags t JOIN products pr ON pr.id = t.product_id
        WHERE t.reel_id = @reelId AND pr.is_available AND {ProductsSql.VisibleTo}
        ORDER BY t.created_at, t.product_id
        """;

    /// <summary>Reels featuring a product, most recently tagged first (reel_product_tags_product), each through the reel rule.</summary>
    private static readonly string ReelsOfProduct = $"""
        SELECT r.id, t.created_at FROM reel_product_tags t JOIN reels r ON r.id = t.reel_id
        WHERE t.product_id = @productId AND {ReelAccess.VisibleTo} AND {KeysetSql.Older("t.created_at", "t.reel_id")}
        ORDER BY t.created_at DESC, t.reel_id DESC LIMIT @take
        """;

    public async Task<IResult> Tag(HttpRequest request, string id, string productId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reel)) return Problems.NotFound("reel");
        if (!Guid.TryParse(productId, out var product)) return Problems.NotFound("product");
        var args = new { reelId = reel, productId = product, viewer = caller.UserId, now = Timestamps.Now(time) };
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await Sellers.RefusalAsync(conn, tx, caller.UserId, ct) is { } refused) return refused;
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(LockOwnReel, args, tx, cancellationToken: ct)) is null)
            return Problems.NotFound("reel");
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ProductTagsSql.OwnProduct, args, tx, cancellationToken: ct)) is null)
            return Problems.NotFound("product");
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(Tagged, args, tx, cancellationToken: ct)))
        {
            if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(Count, args, tx, cancellationToken: ct)) >= ProductRules.MaxTagsPerPost)
                return Problems.Conflict($"A reel can tag at most {ProductRules.MaxTagsPerPost} products; remove one first.",
                    new Dictionary<string, string[]> { ["productId"] = [$"The reel already tags {ProductRules.MaxTagsPerPost} products."] });
            await conn.ExecuteAsync(new CommandDefinition(Insert, args, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>The reel's author removes a tag: 204 whether or not it was there; someone else's reel is a 404.</summary>
    public async Task<IResult> Untag(HttpRequest request, string id, string productId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reel)) return Problems.NotFound("reel");
        if (!Guid.TryParse(productId, out var product)) return Problems.NotFound("product");
        var args = new { reelId = reel, productId = product, viewer = caller.UserId };
        await using var conn = await db.OpenConnectionAsync(ct);
        var (live, found) = await conn.QuerySingleAsync<(bool Live, bool Found)>(new CommandDefinition(UntagSql, args, cancellationToken: ct));
        return !live ? Problems.AccountGone() : found ? Api.NoContent() : Problems.NotFound("reel");
    }

    /// <summary>GET /reels/{id}/products: the products tagged on a reel the caller may see, still on sale.</summary>
    public async Task<IResult> OfReel(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await ReelAccess.FindForReaderAsync(conn, viewer, reelId, ct) is null) return await GoneCaller.NotFoundAsync(conn, viewer, "reel", ct);
        var ids = (await conn.QueryAsync<Guid>(new CommandDefinition(OfReelSql, new { reelId, viewer }, cancellationToken: ct))).ToList();
        return Api.Ok(new ReelProductsView(await views.LoadAsync(conn, null, viewer, ids, ct)));
    }

    /// <summary>GET /products/{id}/reels: reels featuring a product the caller may see, each reel through ReelAccess.VisibleTo.</summary>
    public async Task<IResult> ReelsOf(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!Guid.TryParse(id, out var productId)) return Problems.NotFound("product");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ProductsSql.FindVisible, new { productId, viewer }, cancellationToken: ct)) is null)
            return await GoneCaller.NotFoundAsync(conn, viewer, "product", ct);
        return Api.Ok(await reels.PageAsync(conn, viewer, ReelsOfProduct, page, new { productId, viewer }, ct));
    }
}
