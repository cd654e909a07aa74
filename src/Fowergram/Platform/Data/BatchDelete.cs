using Dapper;
using Npgsql;

namespace Fowergram.Platform.Data;

/// <summary>
/// Deletes the rows of a table that match a condition, a batch at a time, each batch its own short
/// statement (no long transaction, no long lock on a busy table): what housekeeping jobs do. Safe to run
/// twice at once: a row one run deleted is simply not found by the other.
/// </summary>
public static class BatchDelete
{
    public const int DefaultBatchSize = 5_000;

    /// <summary>Returns how many rows were deleted. <paramref name="table"/> and <paramref name="condition"/> are trusted SQL (constants of the caller).</summary>
    public static async Task<long> RunAsync(NpgsqlConnection conn, string table, string condition, object args, CancellationToken ct,
        int batchSize = DefaultBatchSize)
    {
        var parameters = new DynamicParameters(args);
        parameters.Add("batch", batchSize);
        var sql = $"DELETE FROM {table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM {table} WHERE {condition} LIMIT @batch))";
        long total = 0;
        int rows;
        do
        {
            rows = await conn.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
            total += rows;
        } while (rows == batchSize);
        return total;
    }
}
