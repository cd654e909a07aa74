using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;
using Npgsql;

namespace Fowergram.Tests.Platform.Data;

/// <summary>
/// The batched delete housekeeping jobs use, on a table shaped like processed_events (a time column under a BRIN index) in a
/// database of its own, so the block counts read from the statistics are this test's alone.
/// </summary>
public sealed class BatchDeleteTests : IAsyncLifetime
{
    private static readonly DateTime Cutoff = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private ScratchDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateScratchAsync();
        // Autovacuum off: the block counts are then only the test's own statements', and dead rows stay as a busy table's do.
        await ExecuteAsync("""
            CREATE TABLE markers (id integer PRIMARY KEY, consumer text NOT NULL, processed_at timestamptz NOT NULL) WITH (autovacuum_enabled = false);
            CREATE INDEX markers_processed_at ON markers USING brin (processed_at);
            """);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, args);
    }

    /// <summary><paramref name="count"/> rows in time order; every <paramref name="expiredEvery"/>th one (from id 1) is older than the cutoff.</summary>
    private Task InsertAsync(int count, int expiredEvery) => ExecuteAsync("""
        INSERT INTO markers (id, consumer, processed_at)
        SELECT i, 'consumer', CASE WHEN i % @expiredEvery = 1 % @expiredEvery THEN @cutoff - interval '1 second' ELSE @cutoff + interval '1 second' END
        FROM generate_series(1, @count) i;
        ANALYZE markers;
        """, new { count, expiredEvery, cutoff = Cutoff });

    private static Task<long> SweepAsync(NpgsqlConnection conn, int batchSize) =>
        BatchDelete.RunAsync(conn, "markers", "processed_at < @cutoff", new { cutoff = Cutoff }, default, batchSize);

    /// <summary>Heap blocks this connection's statements have read (from cache or disk), its pending statistics flushed first.</summary>
    private static async Task<long> HeapBlocksReadAsync(NpgsqlConnection conn)
    {
        // Statistics reach the shared view when the backend goes idle; this makes the next idle moment flush them at once.
        await conn.ExecuteAsync("SELECT pg_stat_force_next_flush()");
        return await conn.ExecuteScalarAsync<long>("SELECT heap_blks_read + heap_blks_hit FROM pg_statio_user_tables WHERE relname = 'markers'");
    }

    [Fact]
    public async Task A_run_over_many_batches_deletes_exactly_the_matching_rows_and_keeps_the_rest()
    {
        // Every third row expired: the matches are spread over every page, between rows that stay.
        await InsertAsync(9_000, expiredEvery: 3);
        await using var conn = await _db.DataSource.OpenConnectionAsync();

        var deleted = await SweepAsync(conn, batchSize: 250);

        Assert.Equal(3_000, deleted);
        var kept = (await conn.QueryAsync<int>("SELECT id FROM markers ORDER BY id")).ToList();
        Assert.Equal(Enumerable.Range(1, 9_000).Where(i => i % 3 != 1), kept);
    }

    [Fact]
    public async Task Batches_do_not_read_again_the_pages_earlier_batches_emptied()
    {
        const int rows = 40_000;
        await InsertAsync(rows, expiredEvery: 1);
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        var pages = await conn.ExecuteScalarAsync<long>("SELECT pg_relation_size('markers') / current_setting('block_size')::bigint");
        var before = await HeapBlocksReadAsync(conn);

        var deleted = await SweepAsync(conn, batchSize: 200);

        Assert.Equal(rows, deleted);
        // Deleting a row reads its block once more. Beyond that, finding the rows and walking their pages reads each page a few
        // times in all, not once more per batch: 200 batches that each started over read about a hundred times the table.
        var scanned = await HeapBlocksReadAsync(conn) - before - deleted;
        Assert.InRange(scanned, 0, 4 * pages);
    }

    [Fact]
    public async Task Two_runs_at_once_delete_each_row_once_and_leave_nothing_that_matches()
    {
        await InsertAsync(12_000, expiredEvery: 2);
        await using var first = await _db.DataSource.OpenConnectionAsync();
        await using var second = await _db.DataSource.OpenConnectionAsync();

        var totals = await Task.WhenAll(SweepAsync(first, batchSize: 100), SweepAsync(second, batchSize: 100));

        Assert.Equal(6_000, totals.Sum());
        Assert.Equal(0, await first.ExecuteScalarAsync<long>("SELECT count(*) FROM markers WHERE processed_at < @cutoff", new { cutoff = Cutoff }));
        Assert.Equal(6_000, await first.ExecuteScalarAsync<long>("SELECT count(*) FROM markers"));
    }
}
