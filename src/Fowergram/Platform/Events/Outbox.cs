using System.Text.Json;
using Dapper;
using Npgsql;

namespace Fowergram.Platform.Events;

/// <summary>Writes an event in the caller's transaction: it is published if and only if the change commits.</summary>
public static class Outbox
{
    /// <summary>The channel the relay LISTENs on; NOTIFY is delivered only when the transaction commits.</summary>
    public const string NotifyChannel = "fowergram_outbox";

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
}
