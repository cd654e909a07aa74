using Dapper;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// A list's things read by id (reels, long-form videos): one query for the rows of <c>= ANY(@ids)</c> that its filter lets
/// through for <c>@viewer</c>, then their views in the order of the ids — the list's order, which the query does not keep.
/// An id the query left out (hidden from the viewer, gone since) is left out of the views. A write answering with what it
/// wrote reads in its own transaction (<c>tx</c>), so a deletion committed after it cannot leave it nothing to answer with.
/// </summary>
public static class ViewsByIds
{
    public static async Task<IReadOnlyList<TView>> LoadAsync<TRow, TView>(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, Guid? viewer, IReadOnlyList<Guid> ids,
        Func<TRow, Guid> idOf, Func<TRow, Task<TView>> viewOf, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var rows = (await conn.QueryAsync<TRow>(new CommandDefinition(sql, new { ids = ids.ToArray(), viewer }, tx, cancellationToken: ct)))
            .ToDictionary(idOf);
        var views = new List<TView>(ids.Count);
        foreach (var id in ids)
            if (rows.TryGetValue(id, out var row)) views.Add(await viewOf(row));
        return views;
    }
}
