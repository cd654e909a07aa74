using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Platform.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Platform.Events;

/// <summary>The event-housekeeping job on a database of its own, so it sweeps only this test's rows.</summary>
public sealed class EventHousekeepingJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly EventOptions _options = new();
    private ScratchDatabase _db = null!;
    private EventHousekeepingJob _job = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateScratchAsync();
        await new Migrator(_db.DataSource).MigrateAsync();
        _job = new EventHousekeepingJob(_db.DataSource, Options.Create(_options), NullLogger<EventHousekeepingJob>.Instance);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, args);
    }

    private async Task<List<string>> ColumnAsync(string sql)
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<string>(sql)).Order().ToList();
    }

    private Task OutboxAsync(string name, DateTimeOffset occurredAt, DateTimeOffset? publishedAt) => ExecuteAsync("""
        INSERT INTO outbox (id, type, payload, occurred_at, published_at) VALUES (gen_random_uuid(), 'test.happened', jsonb_build_object('name', @name), @occurredAt, @publishedAt)
        """, new { name, occurredAt, publishedAt });

    private Task MarkerAsync(string consumer, DateTimeOffset processedAt) => ExecuteAsync(
        "INSERT INTO processed_events (consumer, event_id, processed_at) VALUES (@consumer, gen_random_uuid(), @processedAt)", new { consumer, processedAt });

    [Fact]
    public async Task Published_outbox_rows_go_after_the_retention_and_unpublished_ones_never()
    {
        var old = Now - _options.OutboxRetention - TimeSpan.FromSeconds(1);
        await OutboxAsync("old-published", old, old);
        await OutboxAsync("recent-published", Now - TimeSpan.FromDays(1), Now - _options.OutboxRetention + TimeSpan.FromSeconds(1));
        await OutboxAsync("old-unpublished", old - TimeSpan.FromDays(30), null);

        await _job.RunAsync(Now, default);

        Assert.Equal(["old-unpublished", "recent-published"], await ColumnAsync("SELECT payload->>'name' FROM outbox"));
    }

    [Fact]
    public async Task Processed_markers_go_after_their_longer_retention()
    {
        await MarkerAsync("expired", Now - _options.ProcessedRetention - TimeSpan.FromSeconds(1));
        await MarkerAsync("kept", Now - _options.ProcessedRetention + TimeSpan.FromSeconds(1));
        // Older than the outbox rows' retention, not the markers': a marker outlives the row it marks.
        await MarkerAsync("past-outbox-retention", Now - _options.OutboxRetention - TimeSpan.FromDays(1));

        await _job.RunAsync(Now, default);

        Assert.Equal(["kept", "past-outbox-retention"], await ColumnAsync("SELECT consumer FROM processed_events"));
    }

    [Fact]
    public async Task More_than_a_batch_is_swept_in_one_run_and_running_twice_at_once_is_harmless()
    {
        await ExecuteAsync("""
            INSERT INTO processed_events (consumer, event_id, processed_at)
            SELECT 'bulk', gen_random_uuid(), @old FROM generate_series(1, @n)
            """, new { old = Now - TimeSpan.FromDays(60), n = BatchDelete.DefaultBatchSize + 7 });

        await Task.WhenAll(_job.RunAsync(Now, default), _job.RunAsync(Now, default));

        Assert.Empty(await ColumnAsync("SELECT consumer FROM processed_events"));
    }

    [Fact]
    public void Retentions_that_would_drop_a_marker_before_its_outbox_row_are_refused()
    {
        Assert.Empty(new EventOptions().Problems());
        Assert.Contains(new EventOptions { ProcessedRetention = TimeSpan.FromDays(7) }.Problems(), p => p.Contains("ProcessedRetention"));
        Assert.Contains(new EventOptions { OutboxRetention = TimeSpan.FromHours(2) }.Problems(), p => p.Contains("OutboxRetention"));
        Assert.Contains(new EventOptions { DeliveryBatchSize = 0 }.Problems(), p => p.Contains("DeliveryBatchSize"));
    }
}
