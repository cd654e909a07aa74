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
/// of n rows read O(n²/batch) pages. So a run first finds where the matching rows are — one read-only statement over
/// up to <see cref="SweepBatches"/> batches of matches (through the condition's index or a seq scan), answering each
/// page's line numbers — then deletes them by address, in page order, a batch of addresses per statement (a TID scan
/// reads just those rows). The condition is checked again on every row a batch deletes, so a row changed in between
/// is judged as it is then. Then it looks again (the next slice of a large backlog), until nothing matches: rows that came to match, were moved by an
/// update or were added during the run go too. Not for a partitioned table (an address names a row within one
/// partition only). A batch takes its rows in page order; a table whose rows another path locks several at a time in a
/// set order names that order (<c>lockOrder</c>), and each batch locks its rows so first, or the two deadlocked.
/// </remarks>
public static class BatchDelete
{
    public const int DefaultBatchSize = 5_000;

    /// <summary>Batches located by one read (200,000 rows at the default size, under a megabyte of addresses).</summary>
    public const int SweepBatches = 40;

    /// <summary>
    /// Returns how many rows were deleted. <paramref name="table"/>, <paramref name="condition"/> and <paramref name="lockOrder"/>
    /// (an ORDER BY list) are trusted SQL (constants of the caller).
    /// </summary>
    public static async Task<long> RunAsync(NpgsqlConnection conn, string table, string condition, object args, CancellationToken ct,
        int batchSize = DefaultBatchSize, string? lockOrder = null)
    {
        var parameters = new DynamicParameters(args);
        // A sweep locates at most SweepBatches batches: a backlog of millions is read in slices, so neither the job's memory
        // nor the locating statement's snapshot grows with it; each slice re-reads what the slices before it emptied, once.
        parameters.Add("sweep", batchSize * SweepBatches);
        var locate = $"""
            SELECT (ctid::text::point)[0]::bigint AS Page, array_agg((ctid::text::point)[1]::integer ORDER BY ctid) AS Lines
            FROM (SELECT ctid FROM {table} WHERE {condition} LIMIT @sweep) AS found GROUP BY 1 ORDER BY 1
            """;
        var addresses = "ARRAY(SELECT format('(%s,%s)', page, line)::tid FROM unnest(@pages, @lines) AS address (page, line))";
        var delete = lockOrder is null
            ? $"""
                DELETE FROM {table} WHERE ctid = ANY ({addresses}) AND ({condition})
                """
            : $"""
                DELETE FROM {table}
                WHERE ctid = ANY (ARRAY(SELECT ctid FROM {table} WHERE ctid = ANY ({addresses}) AND ({condition}) ORDER BY {lockOrder} FOR UPDATE))
                  AND ({condition})
                """;
        long total = 0;
        while (true)
        {
            var found = (await conn.QueryAsync<PageLines>(new CommandDefinition(locate, parameters, cancellationToken: ct))).AsList();
            if (found.Count == 0) return total;
            long deleted = 0;
            foreach (var (pages, lines) in Batches(found, batchSize))
            {
                parameters.Add("pages", pages);
                parameters.Add("lines", lines);
                deleted += await conn.ExecuteAsync(new CommandDefinition(delete, parameters, cancellationToken: ct));
            }
            total += deleted;
            // Every row it found was gone before its batch came: another run is sweeping the same rows, and finishes them.
            if (deleted == 0) return total;
        }
    }

    /// <summary>A page's matching rows (settable: Dapper's constructor matching sees the array column as <see cref="Array"/>).</summary>
    private sealed class PageLines
    {
        public long Page { get; init; }
        public int[] Lines { get; init; } = [];
    }

    /// <summary>The rows' addresses in page order, <paramref name="batchSize"/> to a batch, as the parallel arrays the delete unnests.</summary>
    private static IEnumerable<(long[] Pages, int[] Lines)> Batches(List<PageLines> found, int batchSize)
    {
        var (pages, lines) = (new List<long>(batchSize), new List<int>(batchSize));
        foreach (var (page, line) in found.SelectMany(p => p.Lines.Select(line => (p.Page, line))))
        {
            pages.Add(page);
            lines.Add(line);
            if (pages.Count < batchSize) continue;
            yield return (pages.ToArray(), lines.ToArray());
            pages.Clear();
            lines.Clear();
        }
        if (pages.Count > 0) yield return (pages.ToArray(), lines.ToArray());
    }
}
