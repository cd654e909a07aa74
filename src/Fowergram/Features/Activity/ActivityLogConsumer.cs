using System.Text.Json;
using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Activity;

/// <summary>
/// Records every event that has an actor into <c>user_activities</c> (the seed's analytics log), but for the follows a block
/// ended (<see cref="EndedByBlock"/>).
/// The entity is taken from the payload's <c>entityType</c>/<c>entityId</c> when the event names one.
/// </summary>
public sealed class ActivityLogConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "activity-log";

    // unnest: a batch's events are one statement (HandleRunAsync); one event is a run of one.
    private const string InsertSql = """
        INSERT INTO user_activities (id, user_id, activity_type, entity_type, entity_id, metadata, created_at)
        SELECT a.id, a.user_id, a.activity_type, a.entity_type, a.entity_id, a.metadata::jsonb, a.created_at
        FROM unnest(@ids, @userIds, @activityTypes, @entityTypes, @entityIds, @metadata, @createdAts)
             AS a(id, user_id, activity_type, entity_type, entity_id, metadata, created_at)
        WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = a.user_id)
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) => true;

    /// <summary>Every event is one row, whatever its type: a whole batch is one run.</summary>
    public string? RunKey(EventEnvelope envelope) => ConsumerName;

    public Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        HandleRunAsync([envelope], connection, transaction, ct);

    public Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        // Events without an actor (system jobs) are not user activity; a deleted actor has no log to write to.
        var logged = run.Where(e => e.ActorId is not null && !EndedByBlock(e)).ToList();
        if (logged.Count == 0) return Task.CompletedTask;
        return connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            ids = logged.Select(_ => Ids.New(time)).ToArray(),
            userIds = logged.Select(e => e.ActorId!.Value).ToArray(),
            activityTypes = logged.Select(e => e.Type).ToArray(),
            entityTypes = logged.Select(e => StringProperty(e.Payload, "entityType")).ToArray(),
            entityIds = logged.Select(e => Guid.TryParse(StringProperty(e.Payload, "entityId"), out var entityId) ? entityId : (Guid?)null).ToArray(),
            metadata = logged.Select(e => e.Payload.ValueKind == JsonValueKind.Object ? e.Payload.GetRawText() : "{}").ToArray(),
            createdAts = logged.Select(e => e.OccurredAt).ToArray(),
        }, transaction, cancellationToken: ct));
    }

    /// <summary>
    /// A follow a block ended names its follower as actor (the counters and lost followers need the pair), but the follower did
    /// nothing: in the blocked account's log it would say who blocked it and when. The blocker's log has block.created.
    /// </summary>
    private static bool EndedByBlock(EventEnvelope e) =>
        e.Type == SocialEvents.FollowDeleted && StringProperty(e.Payload, "reason") == FollowDeletedPayload.Blocked;

    private static string? StringProperty(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
