using Dapper;
using Npgsql;

namespace Fowergram.Platform.Http;

/// <summary>The WHERE fragment and parameters of a keyset page over (time, id) columns: @cursorAt, @cursorId, @take.</summary>
public static class KeysetSql
{
    /// <summary>Rows after the cursor in descending order (newest first).</summary>
    public static string Older(string timeColumn, string idColumn) =>
        $"(@cursorAt::timestamptz IS NULL OR ({timeColumn}, {idColumn}) < (@cursorAt::timestamptz, @cursorId::uuid))";

    /// <summary>Rows after the cursor in ascending order (oldest first).</summary>
    public static string Newer(string timeColumn, string idColumn) =>
        $"(@cursorAt::timestamptz IS NULL OR ({timeColumn}, {idColumn}) > (@cursorAt::timestamptz, @cursorId::uuid))";

    /// <summary>
    /// Rows after a <see cref="Cursor.OfRank"/> cursor in ascending order of a whole-number place that is unique in the
    /// list (so, unlike time, it needs no id to break ties).
    /// </summary>
    public static string AfterRank(string rankColumn) => $"(@cursorRank::bigint IS NULL OR {rankColumn} > @cursorRank::bigint)";

    /// <summary><paramref name="args"/> plus the cursor and LIMIT (limit + 1: the extra row says there is more).</summary>
    public static DynamicParameters Parameters(PageRequest page, object args)
    {
        var parameters = new DynamicParameters(args);
        parameters.Add("take", page.Limit + 1);
        parameters.Add("cursorAt", page.After?.CreatedAt);
        parameters.Add("cursorId", page.After?.Id);
        parameters.Add("cursorRank", page.After?.Rank);
        return parameters;
    }
}

/// <summary>Runs a keyset list query and cuts its page: the pattern every list route shares.</summary>
public static class KeysetQuery
{
    /// <summary>
    /// One page of <paramref name="sql"/> (written with <see cref="KeysetSql.Older"/> or <see cref="KeysetSql.Newer"/> and
    /// LIMIT @take), its rows positioned for the next cursor by <paramref name="position"/>.
    /// </summary>
    public static Task<Page<T>> PageAsync<T>(NpgsqlConnection conn, string sql, PageRequest page, object args,
        Func<T, Cursor> position, CancellationToken ct) =>
        PageAsync(conn, null, sql, page, args, position, ct);

    /// <summary>The same, in <paramref name="tx"/>: a write answering with a page of what it wrote (a series' new order).</summary>
    public static async Task<Page<T>> PageAsync<T>(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, PageRequest page, object args,
        Func<T, Cursor> position, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<T>(new CommandDefinition(sql, KeysetSql.Parameters(page, args), tx, cancellationToken: ct))).ToList();
        return Page<T>.From(rows, page.Limit, position);
    }
}
