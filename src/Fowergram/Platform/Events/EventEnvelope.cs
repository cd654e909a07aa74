using System.Text.Json;

namespace Fowergram.Platform.Events;

/// <summary>
/// What travels from the outbox to consumers. <see cref="Id"/> is the outbox row id; it is the
/// Service Bus MessageId and the idempotency key every consumer records.
/// </summary>
public sealed record EventEnvelope(Guid Id, string Type, Guid? ActorId, JsonElement Payload, DateTimeOffset OccurredAt)
{
    public T PayloadAs<T>() => Payload.Deserialize<T>(Http.ApiJson.Options)
        ?? throw new JsonException($"Event {Id} ({Type}) has an empty payload.");
}
