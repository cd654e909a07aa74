using Dapper;
using Npgsql;

namespace Fowergram.Platform.Http;

/// <summary>
/// A keyset page that reads a bounded stretch of its index past the cursor, however few of its rows the caller may see: a list
/// filtered per row (a hashtag's posts, of which the caller may see none for a long stretch) otherwise walks every hidden row
/// to fill a page. The stretch is the rows from the cursor down to the instant of the @walk-th (<see cref="Bound"/>), that
/// instant's rows all included, so the next page can start strictly older and lose nothing. A page that ends on the bound
/// holds fewer than <c>limit</c> items, perhaps none, and a cursor just below the bound's instant: its id is
/// <see cref="Guid.Empty"/> (below every id), so the cursor names the instant alone, never the hidden row the walk stopped on.
/// </summary>
public static class WalkedPage
{
    /// <summary>
    /// The CTE <c>bound(at)</c>: the time of the @walk-th row past the cursor (none when fewer are left), over the index of
    /// (<paramref name="at"/> DESC, <paramref name="id"/> DESC) in <paramref name="from"/> where <paramref name="where"/>.
    /// The page keeps <c>at &gt;= </c><see cref="Floor"/> and ends with <c>UNION ALL SELECT NULL, at FROM bound</c>.
    /// </summary>
    public static string Bound(string from, string where, string at, string id) => $"""
        bound AS MATERIALIZED (
            SELECT {at} AS at FROM {from} WHERE {where} AND {KeysetSql.Older(at, id)}
            ORDER BY {at} DESC, {id} DESC OFFSET @walk - 1 LIMIT 1)
        """;

    /// <summary>The oldest time the page may read: the bound's instant, or any when the rows left are fewer than @walk.</summary>
    public const string Floor = "coalesce((SELECT at FROM bound), '-infinity')";

    /// <summary>The bound's row, after the page's: its id is null.</summary>
    public const string BoundRow = "UNION ALL SELECT NULL, at FROM bound";

    /// <summary>The ids of one page of <paramref name="sql"/> (columns id, created_at; the bound's row last) and its next cursor.</summary>
    public static async Task<Page<Guid>> ReadAsync(NpgsqlConnection conn, string sql, PageRequest page, object args, int walk, CancellationToken ct)
    {
        var parameters = KeysetSql.Parameters(page, args);
        parameters.Add("walk", walk);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: ct))).ToList();
        var shown = rows.Where(r => r.Id is not null).Select(r => new Cursor(r.CreatedAt, r.Id!.Value)).ToList();
        if (shown.Count > page.Limit) return new Page<Guid>(shown.Take(page.Limit).Select(c => c.Id).ToList(), shown[page.Limit - 1].Encode());
        // Fewer: the walk read down to its bound's instant, or to the end.
        var bound = rows.FirstOrDefault(r => r.Id is null);
        return new Page<Guid>(shown.Select(c => c.Id).ToList(), bound is null ? null : new Cursor(bound.CreatedAt, Guid.Empty).Encode());
    }

    private sealed class Row
    {
        public Guid? Id { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }
}
