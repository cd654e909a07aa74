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
    private static Task InsertAsync(NpgsqlConnection conn, int count, int expiredEvery) => conn.ExecuteAsync("""
        INSERT INTO markers (id, consumer, processed_at)
        SELECT i, 'consumer', CASE WHEN i % @expiredEvery = 1 % @expiredEvery THEN @cutoff - interval '1 second' ELSE @cutoff + interval '1 second' END
        FROM generate_series(1, @count) i;
        ANALYZE markers;
        """, new { count, expiredEvery, cutoff = Cutoff });

    private static Task<long> SweepAsync(NpgsqlConnection conn, int batchSize) =>
        BatchDelete.RunAsync(conn, "markers", "processed_at < @cutoff", new { cutoff = Cutoff }, default, batchSize);

    [Theory]
    [InlineData(250)] // one look-up locates every match (40 batches of 250 are more than 3,000)
    [InlineData(10)]  // a backlog located in slices of 400, eight look-ups
    public async Task A_run_over_many_batches_deletes_exactly_the_matching_rows_and_keeps_the_rest(int batchSize)
    {
        // Every third row expired: the matches are spread over every page, between rows that stay.
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        await InsertAsync(conn, 9_000, expiredEvery: 3);

        var deleted = await SweepAsync(conn, batchSize);

        Assert.Equal(3_000, deleted);
        var kept = (await conn.QueryAsync<int>("SELECT id FROM markers ORDER BY id")).ToList();
        Assert.Equal(Enumerable.Range(1, 9_000).Where(i => i % 3 != 1), kept);
    }

    [Fact]
    public async Task Batches_do_not_scan_again_the_rows_earlier_batches_passed()
    {
        // The condition counts the rows it is evaluated on (PL/pgSQL, so it is not inlined and taken apart; volatile, so the
        // scans are seq scans that cannot skip ahead): every third row expired, the others stay and are passed again by any scan that starts over.
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        await InsertAsync(conn, 9_000, expiredEvery: 3);
        await conn.ExecuteAsync("""
            CREATE SEQUENCE evaluations;
            CREATE FUNCTION expired(processed_at timestamptz, cutoff timestamptz) RETURNS boolean VOLATILE LANGUAGE plpgsql
                AS $$ BEGIN PERFORM nextval('evaluations'); RETURN processed_at < cutoff; END $$;
            """);

        var deleted = await BatchDelete.RunAsync(conn, "markers", "expired(processed_at, @cutoff)", new { cutoff = Cutoff }, default, batchSize: 100);

        Assert.Equal(3_000, deleted);
        // Finding the rows passes each once, each batch checks its own rows again, the last look passes the rest once more:
        // about 2 x 9,000. The 30 batches of the code before 2026-12-05, each starting over, passed 101,940.
        Assert.InRange(await conn.ExecuteScalarAsync<long>("SELECT last_value FROM evaluations"), 3_000, 3 * 9_000);
    }

    [Fact]
    public async Task Two_runs_at_once_delete_each_row_once_and_leave_nothing_that_matches()
    {
        await using var first = await _db.DataSource.OpenConnectionAsync();
        await using var second = await _db.DataSource.OpenConnectionAsync();
        await InsertAsync(first, 12_000, expiredEvery: 2);

        var totals = await Task.WhenAll(SweepAsync(first, batchSize: 100), SweepAsync(second, batchSize: 100));

        Assert.Equal(6_000, totals.Sum());
        Assert.Equal(0, await first.ExecuteScalarAsync<long>("SELECT count(*) FROM markers WHERE processed_at < @cutoff", new { cutoff = Cutoff }));
        Assert.Equal(6_000, await first.ExecuteScalarAsync<long>("SELECT count(*) FROM markers"));
    }
}
