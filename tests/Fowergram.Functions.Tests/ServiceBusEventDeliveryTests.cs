using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Dapper;
using Fowergram.Functions.Azure;
using Fowergram.Platform.Data;
using Fowergram.Platform.Events;
using Fowergram.Platform.Telemetry;
using Fowergram.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>
/// The Functions host's settlement (ServiceBusEventDelivery) run for real: messages made with the Service
/// Bus package's own model factory, settlement recorded by a ServiceBusMessageActions test double (the real
/// class's protected constructor exists for that), and the consumer runner on a scratch PostgreSQL database.
/// </summary>
public sealed class ServiceBusEventDeliveryTests
{
    private sealed class RecordingActions : ServiceBusMessageActions
    {
        public List<(string Action, string MessageId, string? Reason)> Settled { get; } = [];

        public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
            Record("complete", message, null);

        public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = default,
            CancellationToken cancellationToken = default) => Record("abandon", message, null);

        public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify = default,
            string? deadLetterReason = default, string? deadLetterErrorDescription = default, CancellationToken cancellationToken = default) =>
            Record("dead-letter", message, deadLetterReason);

        /// <summary>Settlements and the waits before them, in the order they happened.</summary>
        public List<string> Timeline { get; } = [];

        private Task Record(string action, ServiceBusReceivedMessage message, string? reason)
        {
            lock (Settled)
            {
                Settled.Add((action, message.MessageId, reason));
                Timeline.Add($"{action} {message.MessageId}");
            }
            return Task.CompletedTask;
        }

        public void Waited(TimeSpan delay)
        {
            lock (Settled) Timeline.Add($"wait {delay.TotalSeconds}s");
        }

        public string? ActionOn(EventEnvelope envelope) => Settled.SingleOrDefault(s => s.MessageId == envelope.Id.ToString()).Action;
    }

    /// <summary>Writes one row per handled event, in handling order; refuses the events it is told to.</summary>
    private sealed class RecordingConsumer(Func<EventEnvelope, bool> fails) : IEventConsumer
    {
        public string Name => "recorder";

        public bool Handles(string eventType) => eventType.StartsWith("test.", StringComparison.Ordinal);

        public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
        {
            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO test_effects (event_id) VALUES (@Id)", new { envelope.Id }, transaction, cancellationToken: ct));
            if (fails(envelope)) throw new InvalidOperationException($"refused {envelope.Id}");
        }
    }

    /// <summary>A clock whose timers fire at once: a wait is noted on the actions' timeline instead of slept.</summary>
    private sealed class InstantTimers : TimeProvider
    {
        public RecordingActions? NoteOn { get; set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            NoteOn?.Waited(dueTime);
            _ = Task.Run(() => callback(state));
            return new Fired();
        }

        private sealed class Fired : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class Harness(ScratchDatabase db, ServiceBusEventDelivery delivery, InstantTimers time) : IAsyncDisposable
    {
        public ServiceBusEventDelivery Delivery => delivery;

        /// <summary>Actions whose timeline also notes each wait of the delivery.</summary>
        public RecordingActions TimedActions() => (time.NoteOn = new RecordingActions());

        public async Task<List<Guid>> EffectsAsync()
        {
            await using var conn = await db.DataSource.OpenConnectionAsync();
            return (await conn.QueryAsync<Guid>("SELECT event_id FROM test_effects ORDER BY seq")).ToList();
        }

        public ValueTask DisposeAsync() => db.DisposeAsync();
    }

    private static async Task<Harness> StartAsync(Func<EventEnvelope, bool>? fails = null)
    {
        var db = await TestDatabase.CreateScratchAsync();
        await new Migrator(db.DataSource).MigrateAsync();
        await using (var conn = await db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("CREATE TABLE test_effects (seq bigint GENERATED ALWAYS AS IDENTITY, event_id uuid NOT NULL)");
        var runner = new ConsumerRunner(db.DataSource, [new RecordingConsumer(fails ?? (_ => false))], NullLogger<ConsumerRunner>.Instance);
        var time = new InstantTimers();
        var delivery = new ServiceBusEventDelivery(runner, Options.Create(new EventOptions()), time, NullLogger<ServiceBusEventDelivery>.Instance);
        return new Harness(db, delivery, time);
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    private static EventEnvelope Event(int secondsAfterT0) =>
        new(Guid.CreateVersion7(), "test.happened", Guid.NewGuid(), JsonDocument.Parse("{}").RootElement.Clone(), T0.AddSeconds(secondsAfterT0));

    private static ServiceBusReceivedMessage Message(EventEnvelope envelope, int deliveryCount = 1) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString(envelope.ToJson()), messageId: envelope.Id.ToString(),
            deliveryCount: deliveryCount);

    [Fact]
    public async Task A_batch_is_applied_once_oldest_first_and_every_message_completed()
    {
        await using var harness = await StartAsync();
        var (first, second, third) = (Event(1), Event(2), Event(3));
        var actions = new RecordingActions();

        // A redelivered older message arrives after newer ones; a duplicate of one is in the same batch.
        await harness.Delivery.DeliverAsync("recorder", [Message(third), Message(second), Message(first, deliveryCount: 2), Message(second)], actions, default);

        Assert.Equal([first.Id, second.Id, third.Id], await harness.EffectsAsync());
        Assert.Equal(4, actions.Settled.Count);
        Assert.All(actions.Settled, s => Assert.Equal("complete", s.Action));
    }

    [Fact]
    public async Task A_message_already_processed_is_completed_without_a_second_effect()
    {
        await using var harness = await StartAsync();
        var once = Event(1);
        await harness.Delivery.DeliverAsync("recorder", [Message(once)], new RecordingActions(), default);
        var actions = new RecordingActions();

        await harness.Delivery.DeliverAsync("recorder", [Message(once, deliveryCount: 2)], actions, default);

        Assert.Equal([once.Id], await harness.EffectsAsync());
        Assert.Equal("complete", actions.ActionOn(once));
    }

    /// <summary>Settles nothing: the lock was lost after the consumer's commit (the host crashed or stalled past it).</summary>
    private sealed class LockLostActions : ServiceBusMessageActions
    {
        public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
            throw new ServiceBusException("The lock supplied is invalid.", ServiceBusFailureReason.MessageLockLost);
    }

    /// <summary>Reliability checklist item 5: the effect committed, the completion never arrived; the redelivery adds nothing.</summary>
    [Fact]
    public async Task A_message_whose_completion_fails_after_the_commit_is_redelivered_and_applied_once()
    {
        await using var harness = await StartAsync();
        var once = Event(1);

        await Assert.ThrowsAsync<ServiceBusException>(() => harness.Delivery.DeliverAsync("recorder", [Message(once)], new LockLostActions(), default));
        var actions = new RecordingActions();
        await harness.Delivery.DeliverAsync("recorder", [Message(once, deliveryCount: 2)], actions, default);

        Assert.Equal([once.Id], await harness.EffectsAsync());
        Assert.Equal("complete", actions.ActionOn(once));
    }

    [Fact]
    public async Task A_failing_event_is_abandoned_with_nothing_applied_and_the_rest_of_its_batch_completed()
    {
        var poisoned = Event(2);
        await using var harness = await StartAsync(fails: e => e.Id == poisoned.Id);
        var (before, after) = (Event(1), Event(3));
        var actions = new RecordingActions();

        await harness.Delivery.DeliverAsync("recorder", [Message(before), Message(poisoned), Message(after)], actions, default);

        Assert.Equal([before.Id, after.Id], await harness.EffectsAsync());
        Assert.Equal("abandon", actions.ActionOn(poisoned));
        Assert.Equal("complete", actions.ActionOn(before));
        Assert.Equal("complete", actions.ActionOn(after));
    }

    [Fact]
    public async Task A_failing_event_is_abandoned_after_the_backoff_of_its_attempt_and_on_its_last_attempt_at_once()
    {
        // Abandoned at once, a message is redelivered at once: five attempts took a second or two, and a database failover
        // or an exhausted pool dead-lettered every event in flight. The Server host waits 2 s, 4 s, 8 s, 16 s between them.
        var (firstTry, thirdTry, lastTry, good) = (Event(1), Event(2), Event(3), Event(4));
        await using var harness = await StartAsync(fails: e => e.Id != good.Id);
        var actions = harness.TimedActions();

        await harness.Delivery.DeliverAsync("recorder",
            [Message(firstTry), Message(thirdTry, deliveryCount: 3), Message(lastTry, deliveryCount: new EventOptions().MaxDeliveryCount), Message(good)],
            actions, default);

        Assert.Equal([good.Id], await harness.EffectsAsync());
        Assert.Equal([$"complete {good.Id}", $"abandon {lastTry.Id}", "wait 2s", $"abandon {firstTry.Id}", "wait 6s", $"abandon {thirdTry.Id}"],
            actions.Timeline);
    }

    [Fact]
    public async Task A_body_that_is_not_an_event_is_dead_lettered_at_once_and_the_rest_applied()
    {
        await using var harness = await StartAsync();
        var good = Event(1);
        var garbage = ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString("{not json"), messageId: "garbage");
        var actions = new RecordingActions();

        await harness.Delivery.DeliverAsync("recorder", [garbage, Message(good)], actions, default);

        Assert.Equal([good.Id], await harness.EffectsAsync());
        Assert.Contains(("dead-letter", "garbage", ServiceBusEventDelivery.MalformedReason), actions.Settled);
        Assert.Equal("complete", actions.ActionOn(good));
    }

    [Fact]
    public async Task Each_settlement_is_counted_for_the_consumer_by_outcome()
    {
        var poisoned = Event(2);
        await using var harness = await StartAsync(fails: e => e.Id == poisoned.Id);
        var garbage = ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString("{not json"), messageId: "garbage");
        using var counts = new MeterMeasurements(FowergramTelemetry.ConsumerTag, "recorder"); // the tests of this class run one at a time; no other delivers to it

        await harness.Delivery.DeliverAsync("recorder", [Message(Event(1)), Message(poisoned), garbage, Message(Event(3))], new RecordingActions(), default);

        Assert.Equal(2, counts.Sum("fowergram.event.deliveries", FowergramTelemetry.OutcomeTag, EventMetrics.Delivered));
        Assert.Equal(1, counts.Sum("fowergram.event.deliveries", FowergramTelemetry.OutcomeTag, EventMetrics.Failed));
        Assert.Equal(1, counts.Sum("fowergram.event.dead_letters", FowergramTelemetry.ReasonTag, EventMetrics.MalformedEnvelope));
    }
}
