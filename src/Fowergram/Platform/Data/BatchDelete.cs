using Dapper;
using Npgsql;

namespace Fowergram.Platform.Data;

/// <summary>
/// Deletes the rows of a table that match a condition, a batch at a time, each batch its own short
/// statement (no long transaction, no long lock on a busy table): what housekeeping jobs do. Safe to run
/// twice at once: a row one run deleted is simply not found by the other.
/// </summary>
/// <remarks>
/// A batch that found its rows by scanning for the condition again would read once more every page the batches
/// before it emptied (dead rows stay until vacuum, and a BRIN range or a seq scan has no way to skip them): a run
/// of n rows would read O(n²/batch) pages. So a run first finds the heap pages that hold matching rows (one read-only
/// statement over the matches, as an index or seq scan), then deletes them a range of pages at a time in page order
/// (a TID range scan reads only those pages), each batch where the last stopped. The condition is checked again on
/// every row a batch deletes, so rows changed in between are judged as they are then. Then it looks again, until
/// nothing matches: rows that came to match, moved to another page or were added during the walk go too.
/// </remarks>
public static class BatchDelete
{
    public const int DefaultBatchSize = 5_000;

    /// <summary>Pages without matches a batch reads rather than end (a statement of its own per scattered page costs more).</summary>
    private const long MaxGap = 8;

    /// <summary>Returns how many rows were deleted. <paramref name="table"/> and <paramref name="condition"/> are trusted SQL (constants of the caller).</summary>
    public static async Task<long> RunAsync(NpgsqlConnection conn, string table, string condition, object args, CancellationToken ct,
        int batchSize = DefaultBatchSize)
    {
        var parameters = new DynamicParameters(args);
        var locate = $"SELECT (ctid::text::point)[0]::bigint AS Page, count(*) AS Rows FROM {table} WHERE {condition} GROUP BY 1 ORDER BY 1";
        var delete = $"""
            DELETE FROM {table}
            WHERE ctid >= format('(%s,0)', @firstPage::bigint)::tid AND ctid < format('(%s,0)', @endPage::bigint)::tid AND ({condition})
            """;
        long total = 0;
        while (true)
        {
            var pages = (await conn.QueryAsync<PageRows>(new CommandDefinition(locate, parameters, cancellationToken: ct))).AsList();
            if (pages.Count == 0) return total;
            long deleted = 0;
            foreach (var (firstPage, endPage) in Batches(pages, batchSize))
            {
                parameters.Add("firstPage", firstPage);
                parameters.Add("endPage", endPage);
                deleted += await conn.ExecuteAsync(new CommandDefinition(delete, parameters, cancellationToken: ct));
            }
            total += deleted;
            // Every row it found was gone before its batch came: another run is sweeping the same rows, and finishes them.
            if (deleted == 0) return total;
        }
    }

    private sealed record PageRows(long Page, long Rows);

    /// <summary>Consecutive ranges [first, end) of the pages, in order, each holding at most <paramref name="batchSize"/> matching rows (or one page).</summary>
    private static IEnumerable<(long First, long End)> Batches(List<PageRows> pages, int batchSize)
    {
        var (first, last, rows) = (pages[0].Page, pages[0].Page, pages[0].Rows);
        foreach (var page in pages.Skip(1))
        {
            if (page.Page - last <= MaxGap && rows + page.Rows <= batchSize)
            {
                (last, rows) = (page.Page, rows + page.Rows);
                continue;
            }
            yield return (first, last + 1);
            (first, last, rows) = (page.Page, page.Page, page.Rows);
        }
        yield return (first, last + 1);
    }
}
