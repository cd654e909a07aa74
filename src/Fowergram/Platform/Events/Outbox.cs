using System.Text.Json;
using Dapper;
using Npgsql;

namespace Fowergram.Platform.Events;

/// <summary>Writes an event in the caller's transaction: it is published if and only if the change commits.</summary>
public static class Outbox
{
    /// <summary>The channel the relay LISTENs on; NOTIFY is delivered only when the transaction commits.</summary>
    public const string NotifyChannel = "fowergram_outbox";

    /// <summary>
    /// The same write as <see cref="EnqueueAsync{TPayload}"/> for a statement that decides in SQL whether the
    /// event happens: a data-modifying CTE <c>outbox_event</c> that inserts one event per row of
    /// <paramref name="from"/> (a FROM clause with its WHERE), its payload the bound one merged with
    /// <paramref name="payloadFromRow"/> (a jsonb expression over that row), and <see cref="NotifyColumn"/>
    /// for the statement's final SELECT, so the relay is woken at commit. One statement: no transaction
    /// round trips, and the event commits with the change or not at all. Binds the names <see cref="Parameters{TPayload}"/> adds.
    /// </summary>
    public static string EventCte(string from, string payloadFromRow) => $"""
        outbox_event AS (
            INSERT INTO outbox (id, type, actor_id, payload, occurred_at)
            SELECT @outboxId, @outboxType, @outboxActorId, @outboxPayload::jsonb || {payloadFromRow}, @outboxOccurredAt
            {from}
            RETURNING id
        )
        """;

    /// <summary>A column for the final SELECT of a statement with <see cref="EventCte"/>: notifies once when an event was written.</summary>
    public const string NotifyColumn =
        $"(SELECT count(pg_notify('{NotifyChannel}', '')) > 0 FROM (SELECT 1 FROM outbox_event LIMIT 1) e) AS event_written";

    /// <summary>The outbox's parameters of <see cref="EventCte"/>, added to the statement's own.</summary>
    public static void Parameters<TPayload>(DynamicParameters parameters, TimeProvider time, string type, Guid? actorId, TPayload payload)
    {
        parameters.Add("outboxId", Ids.New(time));
        parameters.Add("outboxType", type);
        parameters.Add("outboxActorId", actorId);
        parameters.Add("outboxPayload", JsonSerializer.Serialize(payload, Http.ApiJson.Options));
        parameters.Add("outboxOccurredAt", time.GetUtcNow());
    }

    /// <summary>The JSON name of a payload property, for SQL that fills it in (<see cref="EventCte"/>).</summary>
    public static string JsonName(string propertyName) =>
        Http.ApiJson.Options.PropertyNamingPolicy?.ConvertName(propertyName) ?? propertyName;

    public static async Task<Guid> EnqueueAsync<TPayload>(NpgsqlConnection connection, NpgsqlTransaction transaction,
        TimeProvider time, string type, Guid? actorId, TPayload payload, CancellationToken ct)
    {
        var id = Ids.New(time);
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO outbox (id, type, actor_id, payload, occurred_at)
            VALUES (@id, @type, @actorId, @payload::jsonb, @occurredAt);
            SELECT pg_notify('{NotifyChannel}', '');
            """,
            new { id, type, actorId, payload = JsonSerializer.Serialize(payload, Http.ApiJson.Options), occurredAt = time.GetUtcNow() },
            transaction, cancellationToken: ct));
        return id;
    }

    /// <summary>
    /// Many events of one type in one statement (batch jobs such as the account purge), each with its own id;
    /// the relay is notified once. Same guarantee as <see cref="EnqueueAsync{TPayload}"/>: they commit with the change.
    /// </summary>
    public static async Task EnqueueManyAsync<TPayload>(NpgsqlConnection connection, NpgsqlTransaction transaction,
        TimeProvider time, string type, Guid? actorId, IReadOnlyCollection<TPayload> payloads, CancellationToken ct)
    {
        if (payloads.Count == 0) return;
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO outbox (id, type, actor_id, payload, occurred_at)
            SELECT e.id, @type, @actorId, e.payload::jsonb, @occurredAt FROM unnest(@ids, @payloads) AS e(id, payload);
            SELECT pg_notify('{NotifyChannel}', '');
            """,
            new
            {
                type, actorId, occurredAt = time.GetUtcNow(),
                ids = payloads.Select(_ => Ids.New(time)).ToArray(),
                payloads = payloads.Select(p => JsonSerializer.Serialize(p, Http.ApiJson.Options)).ToArray(),
            },
            transaction, cancellationToken: ct));
    }
}
