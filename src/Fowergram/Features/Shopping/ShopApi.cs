using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>GET /users/{username}/products: a seller's shop, newest first, when the caller may see the seller's content.</summary>
public sealed class ShopApi(NpgsqlDataSource db, AccessTokens tokens, ProductViews views)
{
    /// <summary>Buyers see available products; the seller ("me", or their own name) sees unavailable ones too.</summary>
    public async Task<IResult> List(HttpRequest request, string username, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        // Whose shop the caller may see: as for the posts grid.
        if (await ProfileListOwner.FindAsync(conn, username, viewer, ct) is not { } ownerId) return await ProfileListOwner.NotFoundAsync(conn, username, viewer, ct);
        var sql = ownerId == viewer ? ProductsSql.Catalog : ProductsSql.Shop;
        return Api.Ok(await views.PageAsync(conn, viewer, sql, page, new { ownerId }, ct));
    }
}

/// <summary>A row of a keyset list of products: its id and the time the list is ordered by.</summary>
internal sealed class Position
{
    public Guid Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
