using Fowergram.Platform.Events;
using Fowergram.Platform.Telemetry;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Events;

public sealed class ConsumerDeliveryTests
{
    [Fact]
    public async Task Duplicate_delivery_applies_once()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter"));
        var eventId = await pipeline.EnqueueAsync();
        var envelope = await EnvelopeAsync(pipeline);

        Assert.Equal(ConsumeOutcome.Applied, await pipeline.Runner.RunAsync("counter", envelope, default));
        Assert.Equal(ConsumeOutcome.AlreadyProcessed, await pipeline.Runner.RunAsync("counter", envelope, default));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM test_effects WHERE event_id = @eventId", new { eventId }));
    }

    [Fact]
    public async Task Concurrent_duplicates_apply_once()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter"));
        await pipeline.EnqueueAsync();
        var envelope = await EnvelopeAsync(pipeline);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => pipeline.Runner.RunAsync("counter", envelope, default))));
        Assert.Single(outcomes, o => o == ConsumeOutcome.Applied);
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM test_effects"));
    }

    [Fact]
    public async Task Poison_message_is_dead_lettered_after_max_deliveries_with_nothing_applied()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("poisoned", fail: _ => true));
        using var measured = new MeterMeasurements(FowergramTelemetry.ConsumerTag, "poisoned");
        var eventId = await pipeline.EnqueueAsync();
        await pipeline.Relay().RelayAllAsync(default);

        for (var attempt = 1; attempt <= pipeline.Options.Value.MaxDeliveryCount; attempt++)
        {
            Assert.Equal(1, await pipeline.Dispatcher.DispatchOnceAsync(default));
            pipeline.Clock.Advance(TimeSpan.FromMinutes(10)); // past the backoff
        }

        Assert.Equal(0, await pipeline.Dispatcher.DispatchOnceAsync(default));
        Assert.Equal(1, await pipeline.CountAsync(
            "SELECT count(*) FROM dead_letters WHERE event_id = @eventId AND consumer = 'poisoned' AND delivery_count = 3", new { eventId }));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM event_deliveries"));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM test_effects"));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM processed_events"));
        Assert.Equal(3, measured.Sum("fowergram.event.deliveries", FowergramTelemetry.OutcomeTag, EventMetrics.Failed));
        Assert.Equal(0, measured.Sum("fowergram.event.deliveries", FowergramTelemetry.OutcomeTag, EventMetrics.Delivered));
        Assert.Equal(1, measured.Sum("fowergram.event.dead_letters", FowergramTelemetry.ReasonTag, EventMetrics.MaxDeliveryCount));
    }

    [Fact]
    public async Task Failure_is_retried_after_backoff_and_then_applied_once()
    {
        var failures = 0;
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("flaky", fail: _ => Interlocked.Increment(ref failures) == 1));
        var eventId = await pipeline.EnqueueAsync();
        await pipeline.Relay().RelayAllAsync(default);

        Assert.Equal(1, await pipeline.Dispatcher.DispatchOnceAsync(default));
        Assert.Equal(0, await pipeline.Dispatcher.DispatchOnceAsync(default)); // backing off
        pipeline.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await pipeline.Dispatcher.DispatchOnceAsync(default));

        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM test_effects WHERE event_id = @eventId", new { eventId }));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM event_deliveries"));
    }

    [Fact]
    public async Task Delivery_abandoned_by_a_dead_dispatcher_is_redelivered_after_its_lock_expires()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter"));
        var eventId = await pipeline.EnqueueAsync();
        await pipeline.Relay().RelayAllAsync(default);
        // A dispatcher claimed the row and died before settling it.
        await pipeline.DataSource.CreateCommand("UPDATE event_deliveries SET locked_until = now() + interval '1 minute', delivery_count = 1")
            .ExecuteNonQueryAsync();
        Assert.Equal(0, await pipeline.Dispatcher.DispatchOnceAsync(default));

        pipeline.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await pipeline.Dispatcher.DispatchOnceAsync(default));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM test_effects WHERE event_id = @eventId", new { eventId }));
    }

    [Fact]
    public async Task Unreadable_message_is_dead_lettered_at_once()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter"));
        await pipeline.DataSource.CreateCommand("""
            INSERT INTO event_deliveries (consumer, event_id, envelope, next_attempt_at, delivery_count)
            VALUES ('counter', gen_random_uuid(), '{"type":"test.x","garbage":true}', now() - interval '1 day', 0)
            """).ExecuteNonQueryAsync();
        Assert.Equal(1, await pipeline.Dispatcher.DispatchOnceAsync(default));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM dead_letters WHERE consumer = 'counter'"));
    }

    private static async Task<EventEnvelope> EnvelopeAsync(PipelineHarness pipeline)
    {
        await using var conn = await pipeline.DataSource.OpenConnectionAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT id, type, payload::text, occurred_at FROM outbox LIMIT 1", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new EventEnvelope(reader.GetGuid(0), reader.GetString(1), null,
            System.Text.Json.JsonDocument.Parse(reader.GetString(2)).RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(3));
    }
}

public sealed class DispatcherShutdownTests
{
    /// <summary>Blocks inside the consumer until the dispatcher is cancelled, like a host stopping mid-batch.</summary>
    private sealed class StuckConsumer(TaskCompletionSource entered) : IEventConsumer
    {
        public string Name => "stuck";
        public bool Handles(string eventType) => true;
        public async Task HandleAsync(EventEnvelope envelope, Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, CancellationToken ct)
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }
    }

    [Fact]
    public async Task Shutdown_mid_batch_hands_back_every_held_delivery_unlocked_and_uncounted()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pipeline = await PipelineHarness.StartAsync(new StuckConsumer(entered));
        await pipeline.EnqueueAsync();
        await pipeline.EnqueueAsync();
        await pipeline.Relay().RelayAllAsync(default);

        using var stop = new CancellationTokenSource();
        var dispatching = pipeline.Dispatcher.DispatchOnceAsync(stop.Token);
        await entered.Task;
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatching);

        Assert.Equal(2, await pipeline.CountAsync(
            "SELECT count(*) FROM event_deliveries WHERE locked_until IS NULL AND delivery_count = 0"));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM processed_events"));
    }
}
