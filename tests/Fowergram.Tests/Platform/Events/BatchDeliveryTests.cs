using Dapper;
using Fowergram.Platform.Events;

namespace Fowergram.Tests.Platform.Events;

/// <summary>
/// The Server host delivers each consumer's share of a claimed batch in one transaction
/// (ConsumerRunner.RunBatchAsync); these pin down what that must not change: exactly-once effects,
/// a failure that applies nothing, and one bad event that holds back no other.
/// </summary>
public sealed class BatchDeliveryTests
{
    [Fact]
    public async Task A_batch_applies_every_event_once_in_order_and_completes_its_deliveries()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter"), new RecordingConsumer("log"));
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++) ids.Add(await pipeline.EnqueueAsync());
        await pipeline.Relay().RelayAllAsync(default);
        Assert.Equal(60, await pipeline.CountAsync("SELECT count(*) FROM event_deliveries"));

        Assert.Equal(60, await pipeline.Dispatcher.DispatchOnceAsync(default));

        Assert.Equal(60, await pipeline.CountAsync("SELECT count(*) FROM test_effects"));
        Assert.Equal(60, await pipeline.CountAsync("SELECT count(DISTINCT (consumer, event_id)) FROM test_effects"));
        Assert.Equal(60, await pipeline.CountAsync("SELECT count(*) FROM processed_events"));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM event_deliveries"));
    }

    [Fact]
    public async Task Events_already_processed_or_listed_twice_apply_once()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter"));
        var first = await pipeline.EnqueueAsync();
        var second = await pipeline.EnqueueAsync();
        var envelopes = await EnvelopesAsync(pipeline);
        Assert.Equal(ConsumeOutcome.Applied, await pipeline.Runner.RunAsync("counter", envelopes[first], default));

        var outcomes = await pipeline.Runner.RunBatchAsync("counter",
            [envelopes[first], envelopes[second], envelopes[second]], alsoInTransaction: null, default);

        Assert.Equal([ConsumeOutcome.AlreadyProcessed, ConsumeOutcome.Applied, ConsumeOutcome.AlreadyProcessed], outcomes);
        Assert.Equal(2, await pipeline.CountAsync("SELECT count(*) FROM test_effects"));
    }

    [Fact]
    public async Task Events_the_consumer_does_not_handle_get_no_marker()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter"));
        var handled = await pipeline.EnqueueAsync();
        var other = await pipeline.EnqueueAsync("other.happened");
        var envelopes = await EnvelopesAsync(pipeline);

        var outcomes = await pipeline.Runner.RunBatchAsync("counter", [envelopes[other], envelopes[handled]], null, default);

        Assert.Equal([ConsumeOutcome.NotHandled, ConsumeOutcome.Applied], outcomes);
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM processed_events"));
    }

    [Fact]
    public async Task A_failure_in_a_batch_applies_nothing_of_it()
    {
        Guid poisoned = default;
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter", fail: e => e.Id == poisoned));
        var good = await pipeline.EnqueueAsync();
        poisoned = await pipeline.EnqueueAsync();
        var envelopes = await EnvelopesAsync(pipeline);
        var completed = false;

        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.Runner.RunBatchAsync("counter",
            [envelopes[good], envelopes[poisoned]], (_, _, _) => { completed = true; return Task.CompletedTask; }, default));

        Assert.False(completed);
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM test_effects"));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM processed_events"));
    }

    /// <summary>Counts, while handling an event, the markers of this consumer that exist in its transaction.</summary>
    private sealed class MarkerCountingConsumer : IEventConsumer
    {
        public List<long> MarkersSeen { get; } = [];
        public string Name => "pairing";
        public bool Handles(string eventType) => true;

        public async Task HandleAsync(EventEnvelope envelope, Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, CancellationToken ct) =>
            MarkersSeen.Add(await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM processed_events WHERE consumer = 'pairing'", transaction: transaction, cancellationToken: ct)));
    }

    /// <summary>
    /// post-counters pairs an unlike with its like still in flight by the like's missing marker; a batch that
    /// wrote every marker up front made a later like of the same batch look applied (found as a count off by one).
    /// </summary>
    [Fact]
    public async Task A_batch_event_sees_the_later_events_of_its_batch_as_not_yet_processed()
    {
        var consumer = new MarkerCountingConsumer();
        await using var pipeline = await PipelineHarness.StartAsync(consumer);
        for (var i = 0; i < 3; i++) await pipeline.EnqueueAsync();
        var envelopes = (await EnvelopesAsync(pipeline)).Values.ToList();

        await pipeline.Runner.RunBatchAsync("pairing", envelopes, null, default);

        Assert.Equal([1L, 2L, 3L], consumer.MarkersSeen);
    }

    /// <summary>Counts its calls per event (as a mail sender would send); fails on one event.</summary>
    private sealed class SendingConsumer(bool sharesTransactions, Func<Guid> poisoned) : IEventConsumer
    {
        public Dictionary<Guid, int> Sent { get; } = [];
        public string Name => "sender";
        public bool Handles(string eventType) => true;
        public bool SharesTransactions => sharesTransactions;

        public Task HandleAsync(EventEnvelope envelope, Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, CancellationToken ct)
        {
            Sent[envelope.Id] = Sent.GetValueOrDefault(envelope.Id) + 1;
            return envelope.Id == poisoned() ? throw new InvalidOperationException("SMTP refused") : Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData(true, 2)]  // the batch's try, then its own: harmless for database effects
    [InlineData(false, 1)] // a mail is sent once: another event's failure never voids it
    public async Task A_consumer_that_does_not_share_transactions_handles_each_event_once_in_its_own(bool shares, int firstEventCalls)
    {
        Guid poisoned = default;
        var consumer = new SendingConsumer(shares, () => poisoned);
        await using var pipeline = await PipelineHarness.StartAsync(consumer);
        var first = await pipeline.EnqueueAsync();
        poisoned = await pipeline.EnqueueAsync();
        var envelopes = await EnvelopesAsync(pipeline);

        var errors = await pipeline.Runner.RunManyAsync("sender", [envelopes[first], envelopes[poisoned]], null, default);

        Assert.Null(errors[0]);
        Assert.NotNull(errors[1]);
        Assert.Equal(firstEventCalls, consumer.Sent[first]);
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM processed_events WHERE event_id = @first", new { first }));
    }

    /// <summary>What the Functions host's batched triggers rely on to settle message by message.</summary>
    [Fact]
    public async Task Run_many_reports_only_the_failing_event_and_commits_the_rest_with_their_completion()
    {
        Guid poisoned = default;
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter", fail: e => e.Id == poisoned));
        var first = await pipeline.EnqueueAsync();
        poisoned = await pipeline.EnqueueAsync();
        var last = await pipeline.EnqueueAsync();
        var envelopes = await EnvelopesAsync(pipeline);
        var completed = new List<Guid>();

        var errors = await pipeline.Runner.RunManyAsync("counter", [envelopes[first], envelopes[poisoned], envelopes[last]],
            (done, _, _) => { completed.AddRange(done.Select(e => e.Id)); return Task.CompletedTask; }, default);

        Assert.Null(errors[0]);
        Assert.IsType<InvalidOperationException>(errors[1]);
        Assert.Null(errors[2]);
        // The batch failed before its completion ran; the retries completed the good events one by one.
        Assert.Equal([first, last], completed);
        Assert.Equal(2, await pipeline.CountAsync("SELECT count(*) FROM test_effects"));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM processed_events WHERE event_id = @poisoned", new { poisoned }));

        Assert.All(await pipeline.Runner.RunManyAsync("counter", [envelopes[first], envelopes[last]], null, default), Assert.Null);
        Assert.Equal(2, await pipeline.CountAsync("SELECT count(*) FROM test_effects"));
    }

    [Fact]
    public async Task One_poisoned_event_is_retried_alone_and_dead_lettered_while_the_rest_of_its_batch_applies()
    {
        Guid poisoned = default;
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter", fail: e => e.Id == poisoned));
        var good = new List<Guid>();
        for (var i = 0; i < 5; i++) good.Add(await pipeline.EnqueueAsync());
        poisoned = await pipeline.EnqueueAsync();
        for (var i = 0; i < 5; i++) good.Add(await pipeline.EnqueueAsync());
        await pipeline.Relay().RelayAllAsync(default);

        Assert.Equal(11, await pipeline.Dispatcher.DispatchOnceAsync(default));
        Assert.Equal(10, await pipeline.CountAsync("SELECT count(*) FROM test_effects WHERE event_id = ANY(@good)", new { good }));
        // The batch's failed try and the single retry after it are one attempt.
        Assert.Equal(1, await pipeline.CountAsync(
            "SELECT count(*) FROM event_deliveries WHERE event_id = @poisoned AND delivery_count = 1 AND locked_until IS NULL", new { poisoned }));

        for (var attempt = 2; attempt <= pipeline.Options.Value.MaxDeliveryCount; attempt++)
        {
            pipeline.Clock.Advance(TimeSpan.FromMinutes(10)); // past the backoff
            Assert.Equal(1, await pipeline.Dispatcher.DispatchOnceAsync(default));
        }

        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM dead_letters WHERE event_id = @poisoned", new { poisoned }));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM event_deliveries"));
        Assert.Equal(10, await pipeline.CountAsync("SELECT count(*) FROM test_effects"));
    }

    [Fact]
    public async Task An_unreadable_message_is_dead_lettered_and_the_rest_of_its_batch_applies()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter"));
        var good = await pipeline.EnqueueAsync();
        await pipeline.Relay().RelayAllAsync(default);
        await pipeline.DataSource.CreateCommand("""
            INSERT INTO event_deliveries (consumer, event_id, envelope, next_attempt_at, delivery_count)
            VALUES ('counter', gen_random_uuid(), '{"type":"test.x","garbage":true}', now() - interval '1 day', 0)
            """).ExecuteNonQueryAsync();

        Assert.Equal(2, await pipeline.Dispatcher.DispatchOnceAsync(default));

        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM test_effects WHERE event_id = @good", new { good }));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM dead_letters"));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM event_deliveries"));
    }

    [Fact]
    public async Task The_batch_size_bounds_a_round()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("counter"));
        for (var i = 0; i < 7; i++) await pipeline.EnqueueAsync();
        await pipeline.Relay().RelayAllAsync(default);

        Assert.Equal(5, await pipeline.Dispatcher.DispatchOnceAsync(default, limit: 5));
        Assert.Equal(2, await pipeline.Dispatcher.DispatchOnceAsync(default, limit: 5));
        Assert.Equal(7, await pipeline.CountAsync("SELECT count(*) FROM test_effects"));
    }

    /// <summary>
    /// Locks two rows in an order of its own per event, and on its first try waits between them until
    /// the other event holds its first row: two such events run side by side deadlock for certain.
    /// </summary>
    private sealed class CrossLockingConsumer(Guid reversed) : IEventConsumer
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, int> _tries = new();
        private readonly TaskCompletionSource _bothHoldOne = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _holding;

        public string Name => "cross";

        public bool Handles(string eventType) => true;

        public async Task HandleAsync(EventEnvelope envelope, Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, CancellationToken ct)
        {
            var keys = envelope.Id == reversed ? new[] { 2, 1 } : [1, 2];
            const string Bump = "UPDATE test_locks SET n = n + 1 WHERE k = @k";
            await connection.ExecuteAsync(new CommandDefinition(Bump, new { k = keys[0] }, transaction, cancellationToken: ct));
            if (_tries.AddOrUpdate(envelope.Id, 1, (_, n) => n + 1) == 1)
            {
                if (Interlocked.Increment(ref _holding) == 2) _bothHoldOne.SetResult();
                await _bothHoldOne.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            }
            await connection.ExecuteAsync(new CommandDefinition(Bump, new { k = keys[1] }, transaction, cancellationToken: ct));
        }
    }

    [Fact]
    public async Task A_deadlock_victim_is_tried_again_at_once_instead_of_settled_as_failed()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new RecordingConsumer("unused"));
        await using (var conn = await pipeline.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("CREATE TABLE test_locks (k int PRIMARY KEY, n int NOT NULL); INSERT INTO test_locks VALUES (1, 0), (2, 0)");
        var first = await pipeline.EnqueueAsync();
        var second = await pipeline.EnqueueAsync();
        var envelopes = await EnvelopesAsync(pipeline);
        var runner = new ConsumerRunner(pipeline.DataSource, [new CrossLockingConsumer(reversed: second)], Microsoft.Extensions.Logging.Abstractions.NullLogger<ConsumerRunner>.Instance);

        // Each alone, side by side: PostgreSQL rolls one back as the deadlock's victim.
        var results = await Task.WhenAll(
            runner.RunManyAsync("cross", [envelopes[first]], null, default),
            runner.RunManyAsync("cross", [envelopes[second]], null, default));

        Assert.All(results, errors => Assert.Null(errors[0]));
        Assert.Equal(4, await pipeline.CountAsync("SELECT sum(n) FROM test_locks")); // both applied, each once
        Assert.Equal(2, await pipeline.CountAsync("SELECT count(*) FROM processed_events WHERE consumer = 'cross'"));
    }

    /// <summary>Records each call: one event (HandleAsync) or a run (HandleRunAsync); test.a and test.b events have run keys.</summary>
    private sealed class RunRecordingConsumer : IEventConsumer
    {
        public List<(string Call, Guid[] Ids)> Calls { get; } = [];

        public string Name => "runs";

        public bool Handles(string eventType) => eventType.StartsWith("test.", StringComparison.Ordinal);

        public string? RunKey(EventEnvelope envelope) => envelope.Type is "test.a" or "test.b" ? envelope.Type : null;

        public Task HandleAsync(EventEnvelope envelope, Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, CancellationToken ct)
        {
            Calls.Add(("one", [envelope.Id]));
            return Task.CompletedTask;
        }

        public Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, CancellationToken ct)
        {
            Calls.Add(("run", run.Select(e => e.Id).ToArray()));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Neighbours_with_one_run_key_are_marked_in_one_statement_and_handled_together()
    {
        var consumer = new RunRecordingConsumer();
        await using var pipeline = await PipelineHarness.StartAsync(consumer);
        var (a1, a2, done, a3) = (await pipeline.EnqueueAsync("test.a"), await pipeline.EnqueueAsync("test.a"),
            await pipeline.EnqueueAsync("test.a"), await pipeline.EnqueueAsync("test.a"));
        var (plain, b1, b2, lone) = (await pipeline.EnqueueAsync("test.plain"), await pipeline.EnqueueAsync("test.b"),
            await pipeline.EnqueueAsync("test.b"), await pipeline.EnqueueAsync("test.a"));
        var other = await pipeline.EnqueueAsync("other.x");
        var e = await EnvelopesAsync(pipeline);
        Assert.Equal(ConsumeOutcome.Applied, await pipeline.Runner.RunAsync("runs", e[done], default));
        consumer.Calls.Clear();

        var outcomes = await pipeline.Runner.RunBatchAsync("runs",
            [e[a1], e[a2], e[done], e[a1], e[a3], e[plain], e[b1], e[b2], e[lone], e[other]], null, default);

        Assert.Equal([ConsumeOutcome.Applied, ConsumeOutcome.Applied, ConsumeOutcome.AlreadyProcessed, ConsumeOutcome.AlreadyProcessed,
            ConsumeOutcome.Applied, ConsumeOutcome.Applied, ConsumeOutcome.Applied, ConsumeOutcome.Applied, ConsumeOutcome.Applied,
            ConsumeOutcome.NotHandled], outcomes);
        // The run of test.a skips what was already processed and what it lists twice; a plain event, a key
        // change and a run of one each end a run; the event of another type is nobody's.
        Assert.Equal(["run", "one", "run", "one"], consumer.Calls.Select(c => c.Call));
        Assert.Equal([a1, a2, a3], consumer.Calls[0].Ids);
        Assert.Equal([plain], consumer.Calls[1].Ids);
        Assert.Equal([b1, b2], consumer.Calls[2].Ids);
        Assert.Equal([lone], consumer.Calls[3].Ids);
        Assert.Equal(8, await pipeline.CountAsync("SELECT count(*) FROM processed_events WHERE consumer = 'runs'"));
    }

    [Fact]
    public async Task A_run_whose_events_were_all_processed_is_not_handled()
    {
        var consumer = new RunRecordingConsumer();
        await using var pipeline = await PipelineHarness.StartAsync(consumer);
        var (a1, a2) = (await pipeline.EnqueueAsync("test.a"), await pipeline.EnqueueAsync("test.a"));
        var e = await EnvelopesAsync(pipeline);
        await pipeline.Runner.RunBatchAsync("runs", [e[a1], e[a2]], null, default);
        consumer.Calls.Clear();

        var outcomes = await pipeline.Runner.RunBatchAsync("runs", [e[a2], e[a1]], null, default);

        Assert.Equal([ConsumeOutcome.AlreadyProcessed, ConsumeOutcome.AlreadyProcessed], outcomes);
        Assert.Empty(consumer.Calls);
    }

    private static async Task<Dictionary<Guid, EventEnvelope>> EnvelopesAsync(PipelineHarness pipeline)
    {
        await using var conn = await pipeline.DataSource.OpenConnectionAsync();
        var rows = await conn.QueryAsync<(Guid Id, string Type, string Payload, DateTimeOffset OccurredAt)>(
            "SELECT id, type, payload::text, occurred_at FROM outbox");
        return rows.ToDictionary(r => r.Id, r => new EventEnvelope(r.Id, r.Type, null,
            System.Text.Json.JsonDocument.Parse(r.Payload).RootElement.Clone(), r.OccurredAt));
    }
}
