using System.Text.Json;
using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Activity;

/// <summary>
/// Records every event that has an actor into <c>user_activities</c> (the seed's analytics log).
/// The entity is taken from the payload's <c>entityType</c>/<c>entityId</c> when the event names one.
/// </summary>
public sealed class ActivityLogConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "activity-log";

    private const string InsertSql = """
        INSERT INTO user_activities (id, user_id, activity_type, entity_type, entity_id, metadata, created_at)
        SELECT @id, @userId, @activityType, @entityType, @entityId, @metadata::jsonb, @createdAt
        WHERE EXISTS (SELECT 1 FROM users WHERE id = @userId)
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) => true;

    public Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        // Events without an actor (system jobs) are not user activity; a deleted actor has no log to write to.
        if (envelope.ActorId is not { } actor) return Task.CompletedTask;
        var payload = envelope.Payload;
        return connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            id = Ids.New(time),
            userId = actor,
            activityType = envelope.Type,
            entityType = StringProperty(payload, "entityType"),
            entityId = Guid.TryParse(StringProperty(payload, "entityId"), out var entityId) ? entityId : (Guid?)null,
            metadata = payload.ValueKind == JsonValueKind.Object ? payload.GetRawText() : "{}",
            createdAt = envelope.OccurredAt,
        }, transaction, cancellationToken: ct));
    }

    private static string? StringProperty(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
