using System.Text.Json;
using Fowergram.Platform.Http;

namespace Fowergram.Platform.Events;

/// <summary>
/// What travels from the outbox to consumers. <see cref="Id"/> is the outbox row id; it is the
/// Service Bus MessageId and the idempotency key every consumer records.
/// </summary>
public sealed record EventEnvelope(Guid Id, string Type, Guid? ActorId, JsonElement Payload, DateTimeOffset OccurredAt)
{
    public T PayloadAs<T>() => Payload.Deserialize<T>(ApiJson.Options)
        ?? throw new JsonException($"Event {Id} ({Type}) has an empty payload.");

    /// <summary>The wire format of both transports (Service Bus message body, delivery row).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ApiJson.Options);

    /// <summary>Parses a message body; a body that is not an envelope is a poison message (JsonException).</summary>
    public static EventEnvelope FromJson(string json) =>
        JsonSerializer.Deserialize<EventEnvelope>(json, ApiJson.Options) is { Type.Length: > 0 } envelope && envelope.Id != Guid.Empty
            ? envelope
            : throw new JsonException("The message body is not an event envelope.");
}
