using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Platform.Events;
using Fowergram.Server.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Tests.Platform.Events;

/// <summary>
/// The pipeline's real parts (relay, Server transport, dispatcher, runner) wired by hand on a
/// migrated scratch database, so no other host's background relay can take the events first.
/// </summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ScratchDatabase _db;

    private PipelineHarness(ScratchDatabase db, IEventConsumer[] consumers)
    {
        _db = db;
        Runner = new ConsumerRunner(db.DataSource, consumers, NullLogger<ConsumerRunner>.Instance);
        Transport = new DatabaseEventTransport(db.DataSource, Runner, Clock, Signal);
        Dispatcher = new DeliveryDispatcher(db.DataSource, Runner, Clock, Options, NullLogger<DeliveryDispatcher>.Instance);
    }

    public TestClock Clock { get; } = new();
    public DeliverySignal Signal { get; } = new();
    public IOptions<EventOptions> Options { get; } = Microsoft.Extensions.Options.Options.Create(new EventOptions { MaxDeliveryCount = 3 });
    public NpgsqlDataSource DataSource => _db.DataSource;
    public ConsumerRunner Runner { get; }
    public IEventTransport Transport { get; }
    public DeliveryDispatcher Dispatcher { get; }

    public OutboxRelay Relay(IEventTransport? transport = null) =>
        new(DataSource, transport ?? Transport, Clock, Options, NullLogger<OutboxRelay>.Instance);

    public static async Task<PipelineHarness> StartAsync(params IEventConsumer[] consumers)
    {
        var db = await TestDatabase.CreateScratchAsync();
        await new Migrator(db.DataSource).MigrateAsync();
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("CREATE TABLE test_effects (consumer text NOT NULL, event_id uuid NOT NULL)");
        return new PipelineHarness(db, consumers);
    }

    /// <summary>Commits one outbox event the way a feature does: inside its own transaction.</summary>
    public async Task<Guid> EnqueueAsync(string type = "test.happened", Guid? actorId = null)
    {
        await using var conn = await DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var id = await Outbox.EnqueueAsync(conn, tx, Clock, type, actorId, new { entityType = "post", entityId = Guid.NewGuid().ToString() }, default);
        await tx.CommitAsync();
        return id;
    }

    public async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var conn = await DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}

/// <summary>Records one row per handled event; can be told to fail.</summary>
public sealed class RecordingConsumer(string name, Func<EventEnvelope, bool>? fail = null) : IEventConsumer
{
    public string Name => name;

    public bool Handles(string eventType) => eventType.StartsWith("test.", StringComparison.Ordinal);

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        // The effect is written first, so a failure after it proves the rollback leaves nothing half-applied.
        await connection.ExecuteAsync(new CommandDefinition("INSERT INTO test_effects VALUES (@name, @Id)",
            new { name, envelope.Id }, transaction, cancellationToken: ct));
        if (fail?.Invoke(envelope) == true) throw new InvalidOperationException($"{name} refuses {envelope.Id}");
    }
}

/// <summary>A transport that dies like a process killed between commit and publish.</summary>
public sealed class CrashingTransport : IEventTransport
{
    public Task PublishAsync(IReadOnlyList<EventEnvelope> events, CancellationToken ct) =>
        throw new IOException("simulated crash before publish");
}
