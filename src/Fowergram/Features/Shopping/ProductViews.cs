using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Npgsql;

namespace Fowergram.Features.Shopping;

/// <summary>
/// Builds <see cref="ProductView"/>s for product ids a query already filtered with <see cref="ProductsSql.VisibleTo"/>:
/// photo read URLs are only ever signed here, after that check.
/// </summary>
public sealed class ProductViews(MediaUploads uploads)
{
    /// <summary>A keyset page of <paramref name="sql"/> (returning id, created_at; LIMIT @take), filtered already, turned into views.</summary>
    internal async Task<Page<ProductView>> PageAsync(NpgsqlConnection conn, Guid? viewer, string sql, PageRequest page, object args, CancellationToken ct)
    {
        var rows = await KeysetQuery.PageAsync<Position>(conn, sql, page, args, r => new Cursor(r.CreatedAt, r.Id), ct);
        return new Page<ProductView>(await LoadAsync(conn, null, viewer, rows.Items.Select(r => r.Id).ToList(), ct), rows.NextCursor);
    }

    /// <summary>Views in the order of <paramref name="ids"/>; ids without a row are skipped.</summary>
    public async Task<IReadOnlyList<ProductView>> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer,
        IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var args = new { ids = ids.Distinct().ToArray(), viewer };
        var rows = (await conn.QueryAsync<ProductRow>(new CommandDefinition(ProductsSql.Views, args, tx, cancellationToken: ct))).ToDictionary(r => r.Id);
        var images = (await conn.QueryAsync<ImageRow>(new CommandDefinition(ProductsSql.ViewImages, args, tx, cancellationToken: ct)))
            .ToLookup(i => i.ProductId);
        var views = new List<ProductView>(ids.Count);
        foreach (var id in ids)
        {
            if (!rows.TryGetValue(id, out var r)) continue;
            var own = r.SellerId == viewer;
            var photos = new List<ProductImageView>();
            foreach (var image in images[id])
            {
                var url = await uploads.CreateReadUrlAsync(image.ObjectName, image.ContentType, ct);
                photos.Add(new ProductImageView(image.UploadId, url.Url.AbsoluteUri, url.ExpiresAt));
            }
            views.Add(new ProductView(r.Id, new UserSummary(r.SellerId, r.Username, r.FullName, r.Avatar, r.IsVerified), r.Name,
                r.Description, r.Price, r.Currency, r.Category, r.Brand, own ? r.Sku : null, own ? r.StockQuantity : null, r.IsAvailable,
                photos, viewer is null ? null : r.IsWishlisted, r.CreatedAt, r.UpdatedAt, r.Url));
        }
        return views;
    }

    private sealed class ProductRow
    {
        public Guid Id { get; init; }
        public Guid SellerId { get; init; }
        public string Username { get; init; } = "";
        public string FullName { get; init; } = "";
        public string? Avatar { get; init; }
        public bool IsVerified { get; init; }
        public string Name { get; init; } = "";
        public string Description { get; init; } = "";
        public decimal Price { get; init; }
        public string Currency { get; init; } = "";
        public string? Category { get; init; }
        public string? Brand { get; init; }
        public string? Sku { get; init; }
        public string? Url { get; init; }
        public int StockQuantity { get; init; }
        public bool IsAvailable { get; init; }
        public bool IsWishlisted { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
    }

    private sealed class ImageRow
    {
        public Guid ProductId { get; init; }
        public Guid UploadId { get; init; }
        public string ObjectName { get; init; } = "";
        public string ContentType { get; init; } = "";
    }
}
