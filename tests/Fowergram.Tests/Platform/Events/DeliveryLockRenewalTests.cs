using Fowergram.Platform.Events;
using Fowergram.Server.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fowergram.Tests.Platform.Events;

/// <summary>
/// The Server host's dispatcher renews a running delivery's lock, as Service Bus does, and settles only its own claims.
/// Locks are a matter of wall-clock time here, so these dispatchers run on the system clock with a tiny lock duration.
/// </summary>
public sealed class DeliveryLockRenewalTests
{
    /// <summary>Takes longer than several lock durations per event, as a mail to a slow SMTP server does; counts its runs.</summary>
    private sealed class SlowConsumer(TimeSpan hold) : IEventConsumer
    {
        public int Runs;
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Name => "slow-mail";
        public bool Handles(string eventType) => true;
        public bool SharesTransactions => false;

        public async Task HandleAsync(EventEnvelope envelope, Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, CancellationToken ct)
        {
            Interlocked.Increment(ref Runs);
            Entered.TrySetResult();
            await Task.Delay(hold, ct);
        }
    }

    [Fact]
    public async Task A_delivery_running_past_its_lock_is_renewed_and_never_claimed_by_another_loop()
    {
        // The lock was set once at the claim: a handler slower than Events:DeliveryLockDuration let another loop (or instance)
        // claim the delivery while it ran, and the consumer's side effect (a mail) went out twice.
        // A 2 s lock renewed every second leaves a second of slack for a late renewal on a loaded machine; the handler outlives
        // the lock more than twice over.
        var consumer = new SlowConsumer(TimeSpan.FromSeconds(5));
        await using var pipeline = await PipelineHarness.StartAsync(consumer);
        var options = Microsoft.Extensions.Options.Options.Create(new EventOptions { DeliveryLockDuration = TimeSpan.FromSeconds(2) });
        DeliveryDispatcher Instance() => new(pipeline.DataSource, pipeline.Runner, TimeProvider.System, options, NullLogger<DeliveryDispatcher>.Instance);
        var (first, second) = (Instance(), Instance());
        await pipeline.EnqueueAsync();
        await pipeline.Relay().RelayAllAsync(default);

        var running = first.DispatchOnceAsync(default);
        await consumer.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var claimedByOther = 0;
        while (!running.IsCompleted)
        {
            claimedByOther += await second.DispatchOnceAsync(default);
            await Task.Delay(25);
        }

        Assert.Equal(1, await running);
        Assert.Equal(0, claimedByOther);
        Assert.Equal(1, consumer.Runs);
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM event_deliveries"));
    }

    [Fact]
    public async Task A_failure_after_the_lock_was_lost_leaves_the_delivery_to_its_new_claim()
    {
        // Abandon and dead-letter matched the delivery by id alone: a dispatcher whose lock had expired and been taken by
        // another claim unlocked (or dead-lettered) that claim's delivery under it.
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reclaimed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pipeline = await PipelineHarness.StartAsync(new FailingAfterReclaim(entered, reclaimed.Task));
        await pipeline.EnqueueAsync();
        await pipeline.Relay().RelayAllAsync(default);

        var running = pipeline.Dispatcher.DispatchOnceAsync(default);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // What another claim does once this one's lock has expired: a new lock, one more delivery.
        await pipeline.DataSource.CreateCommand(
            "UPDATE event_deliveries SET locked_until = now() + interval '1 hour', delivery_count = delivery_count + 1").ExecuteNonQueryAsync();
        reclaimed.SetResult();
        await running;

        Assert.Equal(1, await pipeline.CountAsync(
            "SELECT count(*) FROM event_deliveries WHERE locked_until > now() + interval '50 minutes' AND delivery_count = 2 AND last_error IS NULL"));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM dead_letters"));
    }

    private sealed class FailingAfterReclaim(TaskCompletionSource entered, Task reclaimed) : IEventConsumer
    {
        public string Name => "lost-lock";
        public bool Handles(string eventType) => true;

        public async Task HandleAsync(EventEnvelope envelope, Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, CancellationToken ct)
        {
            entered.TrySetResult();
            await reclaimed.WaitAsync(ct);
            throw new InvalidOperationException("fails after its lock was lost");
        }
    }
}
