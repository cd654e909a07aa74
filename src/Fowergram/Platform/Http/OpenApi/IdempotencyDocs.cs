using System.Text.Json.Nodes;
using Fowergram.Platform.Http.Idempotency;

namespace Fowergram.Platform.Http.OpenApi;

/// <summary>What the API document says on the routes that take an <c>Idempotency-Key</c> (<see cref="IdempotentRoutes"/>).</summary>
public sealed partial class ApiDocument
{
    private static JsonObject IdempotencyKeyParameter() => new()
    {
        ["name"] = IdempotencyKey.Header, ["in"] = "header", ["required"] = false,
        ["description"] = "Makes a retry safe: the first request with a key runs and its 2xx answer is kept for 24 hours; a repeat " +
            "with the same key and request gets that answer back (Idempotent-Replayed: true) and creates nothing. 1 to 255 printable " +
            "ASCII characters, per account (docs/api.md \"Idempotency keys\").",
        ["schema"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = IdempotencyKey.MaxLength, ["pattern"] = "^[ -~]+$" },
    };

    private static void IdempotencyAnswers(JsonObject responses)
    {
        // A route's own 409 (comments turned off, a used upload) shares the status with the key's, which is retryable.
        responses["409"] = new JsonObject { ["$ref"] = "#/components/responses/ConflictOrKeyInProgress" };
        responses["422"] = new JsonObject { ["$ref"] = "#/components/responses/IdempotencyKeyReused" };
    }
}
