using Dapper;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Tests.Platform.Events;

/// <summary>
/// Reliability checklist 24, second half: a database connection dropped in the middle of a handler
/// (the server ends the session, as a failover or an idle-killer does) leaves nothing half-applied,
/// and the events converge by redelivery: each effect exactly once, no delivery left, nothing dead-lettered.
/// </summary>
public sealed class ConnectionLossTests
{
    /// <summary>Writes its effect, then, the first <paramref name="drops"/> times it sees the marked event, has the server end its own session.</summary>
    private sealed class DroppingConsumer(Func<Guid> marked, int drops) : IEventConsumer
    {
        private int _dropped;

        public string Name => "dropper";

        public bool Handles(string eventType) => eventType.StartsWith("test.", StringComparison.Ordinal);

        public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
        {
            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO test_effects VALUES (@Name, @Id)",
                new { Name, envelope.Id }, transaction, cancellationToken: ct));
            if (envelope.Id == marked() && Interlocked.Increment(ref _dropped) <= drops)
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_terminate_backend(pg_backend_pid())", transaction: transaction, cancellationToken: ct));
        }
    }

    [Theory]
    [InlineData(1)] // the batch's connection is lost; the event alone then applies
    [InlineData(2)] // lost again alone: tried again at once, as a transient failure
    [InlineData(4)] // lost more often than the immediate tries: backed off and redelivered
    public async Task A_connection_lost_mid_handler_applies_nothing_and_converges_by_redelivery(int drops)
    {
        Guid marked = default;
        await using var pipeline = await PipelineHarness.StartAsync(new DroppingConsumer(() => marked, drops));
        var events = new List<Guid>();
        for (var i = 0; i < 3; i++) events.Add(await pipeline.EnqueueAsync());
        marked = await pipeline.EnqueueAsync();
        events.Add(marked);
        for (var i = 0; i < 3; i++) events.Add(await pipeline.EnqueueAsync());
        await pipeline.Relay().RelayAllAsync(default);

        Assert.Equal(7, await pipeline.Dispatcher.DispatchOnceAsync(default));
        // The batch's try plus TransientAttempts tries alone happen in the first round; only beyond them does it wait.
        Assert.Equal(drops <= ConsumerRunner.TransientAttempts ? 0 : 1, await pipeline.CountAsync("SELECT count(*) FROM event_deliveries"));
        for (var round = 0; round < 3 && await pipeline.CountAsync("SELECT count(*) FROM event_deliveries") > 0; round++)
        {
            pipeline.Clock.Advance(TimeSpan.FromMinutes(10)); // past the backoff
            await pipeline.Dispatcher.DispatchOnceAsync(default);
        }

        Assert.Equal(7, await pipeline.CountAsync("SELECT count(DISTINCT event_id) FROM test_effects WHERE event_id = ANY(@events)", new { events }));
        Assert.Equal(7, await pipeline.CountAsync("SELECT count(*) FROM test_effects"));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM event_deliveries"));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM dead_letters"));
    }
}
