using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>PUT/DELETE /products/{id}/wishlist and GET /users/me/wishlist, private to their owner.</summary>
public sealed class WishlistApi(NpgsqlDataSource db, AccessTokens tokens, ProductViews views, TimeProvider time)
{
    /// <summary>
    /// Idempotent: 204 whether or not it was saved before; a product the caller may not see is a 404; a new save beyond
    /// <see cref="WishlistSql.MaxWishes"/> a 409.
    /// </summary>
    public async Task<IResult> Save(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var productId)) return Problems.NotFound("product");
        var viewer = caller.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        await conn.ExecuteAsync(new CommandDefinition(WishlistSql.LockSaving, new { viewer }, tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(WishlistSql.LockVisible, new { productId, viewer }, tx, cancellationToken: ct)) is null)
            return Problems.NotFound("product");
        var (saved, full) = await conn.QuerySingleAsync<(bool, bool)>(new CommandDefinition(WishlistSql.Saved,
            new { viewer, productId, max = WishlistSql.MaxWishes }, tx, cancellationToken: ct));
        if (!saved && full)
            return Problems.Conflict($"Your wishlist has {WishlistSql.MaxWishes} products, the most it keeps; remove one first.");
        await conn.ExecuteAsync(new CommandDefinition(WishlistSql.Add, new { viewer, productId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// 204 for any product id: only the caller's own entry can go, also for a product they can no longer see (so they
    /// can tidy up), and the answer says nothing about whether the product exists.
    /// </summary>
    public async Task<IResult> Unsave(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var productId)) return Problems.NotFound("product");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(WishlistSql.Remove, new { viewer = caller.UserId, productId }, cancellationToken: ct))
            ? Api.NoContent() : Problems.AccountGone();
    }

    /// <summary>
    /// The caller's wishes, newest first: products they may see in full, the others as their id alone (<see cref="WishlistEntry"/>).
    /// Visibility is read once, in the page's query, and the views are built only for the visible ids.
    /// </summary>
    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var rows = await KeysetQuery.PageAsync<Wish>(conn, WishlistSql.Page, page, new { viewer = caller.UserId }, r => new Cursor(r.CreatedAt, r.Id), ct);
        var visible = rows.Items.Where(r => r.Visible).Select(r => r.Id).ToList();
        var products = (await views.LoadAsync(conn, null, caller.UserId, visible, ct)).ToDictionary(p => p.Id);
        // A product deleted between the two reads has no view: it drops out, as it would a moment later.
        var entries = rows.Items.Select(r => !r.Visible ? WishlistEntry.Hidden(r.Id)
            : products.TryGetValue(r.Id, out var product) ? WishlistEntry.Of(product) : null).OfType<WishlistEntry>().ToList();
        return Api.Ok(new Page<WishlistEntry>(entries, rows.NextCursor));
    }

    private sealed class Wish
    {
        public Guid Id { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public bool Visible { get; init; }
    }
}
