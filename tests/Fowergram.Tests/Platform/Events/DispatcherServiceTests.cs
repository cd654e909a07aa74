using Fowergram.Platform.Events;
using Fowergram.Server.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fowergram.Tests.Platform.Events;

/// <summary>The Server host's background dispatcher, run for real on the harness's pipeline.</summary>
public sealed class DispatcherServiceTests
{
    /// <summary>Holds every event until released, as a mail to an SMTP server that takes its time.</summary>
    private sealed class SlowConsumer(TaskCompletionSource entered, Task released) : IEventConsumer
    {
        public string Name => "slow";
        public bool Handles(string eventType) => true;
        public bool SharesTransactions => false;

        public async Task HandleAsync(EventEnvelope envelope, Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, CancellationToken ct)
        {
            entered.TrySetResult();
            await released.WaitAsync(ct);
        }
    }

    [Fact]
    public async Task A_slow_consumer_holds_back_no_other_consumers_deliveries()
    {
        // The service claimed one round for every consumer and waited for all their shares before claiming again, so one
        // slow consumer (mails to a server that does not answer: up to Email:Smtp:Timeout each) stopped every other one.
        var (entered, release) = (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await using var pipeline = await PipelineHarness.StartAsync(new SlowConsumer(entered, release.Task), new RecordingConsumer("fast"));
        var service = new DeliveryDispatcherService(pipeline.Dispatcher, pipeline.Signal, NullLogger<DeliveryDispatcherService>.Instance);
        try
        {
            var first = await pipeline.EnqueueAsync();
            await pipeline.Relay().RelayAllAsync(default);
            await service.StartAsync(default);
            await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var second = await pipeline.EnqueueAsync();
            await pipeline.Relay().RelayAllAsync(default);

            Assert.True(await AppliedAsync(pipeline, second, TimeSpan.FromSeconds(10)), "The fast consumer waited for the slow one.");
            Assert.True(await AppliedAsync(pipeline, first, TimeSpan.Zero));
        }
        finally
        {
            release.TrySetResult();
            await service.StopAsync(default);
        }
    }

    private static async Task<bool> AppliedAsync(PipelineHarness pipeline, Guid eventId, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            if (await pipeline.CountAsync("SELECT count(*) FROM test_effects WHERE consumer = 'fast' AND event_id = @eventId", new { eventId }) == 1)
                return true;
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(50);
        }
    }
}
