using Dapper;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fowergram.Tests.Platform.Jobs;

/// <summary>
/// The walk scheduled-posts, scheduled-reels and scheduled-channel-messages share, on a scratch table of its own: each item
/// in its own transaction, so one that fails leaves the others published.
/// </summary>
public sealed class ScheduledPublishingJobTests
{
    /// <summary>Publishes rows of <c>test_scheduled</c> by deleting them; the ones it is told to throws for.</summary>
    private sealed class TestPublishingJob(NpgsqlDataSource db, Func<Guid, Exception?> failure) : ScheduledPublishingJob(db, NullLogger.Instance)
    {
        public override string Name => "test-publishing";
        public override string Schedule => "0 * * * * *";
        protected override string Kind => "test items";
        protected override string DueSql => "SELECT id FROM test_scheduled WHERE publish_at <= @now ORDER BY publish_at, id LIMIT @batch";
        protected override string FailedSql => "UPDATE test_scheduled SET failure = @failure WHERE id = @id";
        protected override string FailureReason(Exception error) => error.GetType().Name;

        protected override async Task<bool> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset now, Attempt attempt,
            CancellationToken ct)
        {
            if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                    "SELECT id FROM test_scheduled WHERE id = @id AND publish_at <= @now FOR UPDATE SKIP LOCKED", new { id, now }, tx, cancellationToken: ct)) is null)
                return false;
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM test_scheduled WHERE id = @id", new { id }, tx, cancellationToken: ct));
            if (failure(id) is { } error) throw error; // after its write: the failure must roll it back
            return true;
        }
    }

    [Fact]
    public async Task An_item_that_fails_with_any_error_stays_scheduled_with_its_reason_and_the_later_ones_are_published()
    {
        // The oldest item fails with what a stored item that no longer reads throws (MediaPolicy.KindOf, for a content
        // type no longer allowed: KeyNotFoundException), not a refusal: the run stopped there, and since it comes first
        // every minute, nothing scheduled after it was ever published.
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await using (var conn = await scratch.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("CREATE TABLE test_scheduled (id uuid PRIMARY KEY, publish_at timestamptz NOT NULL, failure text)");
        var now = DateTimeOffset.UtcNow;
        var (broken, later, latest) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await using (var conn = await scratch.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("INSERT INTO test_scheduled (id, publish_at) VALUES (@broken, @t1), (@later, @t2), (@latest, @t3)",
                new { broken, later, latest, t1 = now.AddMinutes(-3), t2 = now.AddMinutes(-2), t3 = now.AddMinutes(-1) });
        var job = new TestPublishingJob(scratch.DataSource, id => id == broken ? new KeyNotFoundException("image/gif") : null);

        await job.RunAsync(now, default);

        await using var read = await scratch.DataSource.OpenConnectionAsync();
        var left = (await read.QueryAsync<(Guid Id, string? Failure)>("SELECT id, failure FROM test_scheduled")).ToList();
        Assert.Equal([(broken, nameof(KeyNotFoundException))], left);
    }

    [Fact]
    public async Task A_cancelled_run_stops_without_marking_anything_failed()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await using (var conn = await scratch.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("CREATE TABLE test_scheduled (id uuid PRIMARY KEY, publish_at timestamptz NOT NULL, failure text)");
        var now = DateTimeOffset.UtcNow;
        var id = Guid.CreateVersion7();
        await using (var conn = await scratch.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("INSERT INTO test_scheduled (id, publish_at) VALUES (@id, @at)", new { id, at = now.AddMinutes(-1) });
        using var stopping = new CancellationTokenSource();
        var job = new TestPublishingJob(scratch.DataSource, _ =>
        {
            stopping.Cancel();
            return new OperationCanceledException(stopping.Token);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync(now, stopping.Token));

        await using var read = await scratch.DataSource.OpenConnectionAsync();
        Assert.Null(await read.ExecuteScalarAsync<string?>("SELECT failure FROM test_scheduled WHERE id = @id", new { id }));
    }
}
