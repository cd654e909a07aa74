namespace Fowergram.Tests.Platform.Events;

public sealed class OutboxRelayTests
{
    [Fact]
    public async Task Event_is_written_only_when_the_change_commits()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("a"));
        await using (var conn = await pipeline.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Fowergram.Platform.Events.Outbox.EnqueueAsync(conn, tx, pipeline.Clock, "test.rolled_back", null, new { }, default);
            await tx.RollbackAsync();
        }
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task Crash_between_commit_and_publish_loses_nothing()
    {
        var consumer = new RecordingConsumer("counter");
        await using var pipeline = await PipelineHarness.StartAsync(consumer);
        var eventId = await pipeline.EnqueueAsync();

        await Assert.ThrowsAsync<IOException>(() => pipeline.Relay(new CrashingTransport()).RelayOnceAsync(default));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM outbox WHERE published_at IS NULL AND publish_attempts = 1"));

        Assert.Equal(1, await pipeline.Relay().RelayAllAsync(default));
        await pipeline.Dispatcher.DispatchOnceAsync(default);
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM test_effects WHERE event_id = @eventId", new { eventId }));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM outbox WHERE published_at IS NULL"));
    }

    [Fact]
    public async Task Republished_event_is_delivered_once()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter"));
        var eventId = await pipeline.EnqueueAsync();
        // A relay that published and died before marking the row publishes it again.
        await pipeline.Relay().RelayAllAsync(default);
        await pipeline.DataSource.CreateCommand("UPDATE outbox SET published_at = NULL").ExecuteNonQueryAsync();
        await pipeline.Relay().RelayAllAsync(default);

        while (await pipeline.Dispatcher.DispatchOnceAsync(default) > 0) { }
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM test_effects WHERE event_id = @eventId", new { eventId }));
    }

    [Fact]
    public async Task Concurrent_relays_publish_each_event_once()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter"));
        for (var i = 0; i < 300; i++) await pipeline.EnqueueAsync();

        var published = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => pipeline.Relay().RelayAllAsync(default))));
        Assert.Equal(300, published.Sum());
        Assert.Equal(300, await pipeline.CountAsync("SELECT count(*) FROM event_deliveries"));
    }

    [Fact]
    public async Task Each_consumer_gets_its_own_delivery()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("a"), new RecordingConsumer("b"));
        var eventId = await pipeline.EnqueueAsync();
        await pipeline.Relay().RelayAllAsync(default);
        while (await pipeline.Dispatcher.DispatchOnceAsync(default) > 0) { }
        Assert.Equal(2, await pipeline.CountAsync("SELECT count(DISTINCT consumer) FROM test_effects WHERE event_id = @eventId", new { eventId }));
    }
}
