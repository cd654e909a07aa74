using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Platform.Http;

/// <summary>
/// A JSON merge patch body (RFC 7396): an absent member leaves a field alone, <c>null</c> clears it where
/// it may be cleared. Members of the wrong type become validation messages naming them; unknown
/// members are ignored (clients evolve). Names match without regard to case, as every other JSON body's do
/// (<see cref="ApiJson"/>, the web defaults): until 2026-12-06 a patch read them exactly, so <c>{"Title": …}</c> was an
/// unknown member, answered 200 with nothing changed, where the same body's POST took it.
/// </summary>
public sealed class MergePatch
{
    private readonly JsonObject _body;
    private readonly Validation _errors;

    private MergePatch(JsonObject body, Validation errors)
    {
        _body = body;
        _errors = errors;
    }

    /// <summary>Reads the body as a document first: only the document reader refuses duplicate members (400, not 500).</summary>
    public static async Task<(MergePatch? Patch, IResult? Error)> ReadAsync(HttpRequest request, Validation errors, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<JsonDocument>(request, ct);
        if (body.Error is not null) return (null, body.Error);
        using var document = body.Value!;
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            return (null, Problems.BadRequest("The request body must be a JSON object (a merge patch)."));
        if (RepeatsAName(document.RootElement))
            return (null, Problems.BadRequest("The request body repeats a property name inside an object (names match without regard to case)."));
        var options = new JsonNodeOptions { PropertyNameCaseInsensitive = true };
        return (new MergePatch(JsonObject.Create(document.RootElement.Clone(), options)!, errors), null);
    }

    /// <summary>
    /// True when an object anywhere in the body holds two names equal but for case: the document reader refuses exact
    /// repeats only, and the case-insensitive node would throw on first reading one (a 500).
    /// </summary>
    private static bool RepeatsAName(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var member in element.EnumerateObject())
                    if (!names.Add(member.Name) || RepeatsAName(member.Value)) return true;
                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (RepeatsAName(item)) return true;
                return false;
            default:
                return false;
        }
    }

    public bool Has(string field) => _body.ContainsKey(field);

    /// <summary>The body itself, for a change of several members before they are read (ComposedText.WrittenAsync).</summary>
    internal JsonObject Body => _body;

    /// <summary>True when the member is present and usable: a string, or null where <paramref name="nullable"/>.</summary>
    public bool String(string field, out string? value, bool nullable = true)
    {
        value = null;
        if (!Node(field, JsonValueKind.String, "a string", out var node, nullable)) return false;
        value = node?.GetValue<string>();
        return true;
    }

    /// <summary>
    /// Replaces the string member <paramref name="field"/>, when there is one, by <paramref name="map"/> of it, before it is
    /// read: captions are composed this way before they are parsed and checked (ComposedText.WrittenAsync).
    /// </summary>
    public async Task MapStringAsync(string field, Func<string, Task<string?>> map)
    {
        if (_body.TryGetPropertyValue(field, out var node) && node?.GetValueKind() == JsonValueKind.String)
            _body[field] = await map(node.GetValue<string>());
    }

    public bool Boolean(string field, out bool value)
    {
        value = false;
        if (!_body.TryGetPropertyValue(field, out var node)) return false;
        if (node?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            _errors.Add(field, "Must be true or false.");
            return false;
        }
        value = node.GetValue<bool>();
        return true;
    }

    /// <summary>
    /// A present decimal, read by the rule a request body's decimal member is (<see cref="ExactDecimal.TryRead(JsonElement, out decimal)"/>:
    /// a JSON number or a string holding one, never through a double, never rounded, so the field's own rule sees what was
    /// sent); it cannot be cleared.
    /// </summary>
    public bool Decimal(string field, out decimal value)
    {
        value = 0;
        if (!_body.TryGetPropertyValue(field, out var node)) return false;
        if (node is not null && node.GetValueKind() is JsonValueKind.Number or JsonValueKind.String)
        {
            using var document = JsonDocument.Parse(node.ToJsonString());
            if (ExactDecimal.TryRead(document.RootElement, out value)) return true;
        }
        _errors.Add(field, node is null ? $"Must be {ExactDecimal.Expected}; it cannot be cleared."
            : $"Must be {ExactDecimal.Expected}, within a decimal's range and at most 28 decimal places (it is not rounded).");
        return false;
    }

    /// <summary>
    /// A present whole 32-bit integer, read by the rule a request body's integer member is (<see cref="ApiJson.Options"/>: the
    /// web defaults read a JSON number or a string holding one, so a POST's <c>"3"</c> is a PATCH's too); it cannot be cleared.
    /// </summary>
    public bool Integer(string field, out int value)
    {
        value = 0;
        if (!_body.TryGetPropertyValue(field, out var node)) return false;
        if (node is null || node.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.String))
        {
            _errors.Add(field, "Must be a whole number; it cannot be cleared.");
            return false;
        }
        try
        {
            value = node.Deserialize<int>(ApiJson.Options);
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidOperationException)
        {
            _errors.Add(field, "Must be a whole number within range.");
            return false;
        }
    }

    /// <summary>A present ISO 8601 date and time with its offset ("2026-12-24T18:00:00Z"), as JSON bodies write times; it cannot be cleared.</summary>
    public bool Time(string field, out DateTimeOffset value)
    {
        value = default;
        if (!Node(field, JsonValueKind.String, "a date and time", out var node, nullable: false)) return false;
        if (Instants.TryParse(node!.GetValue<string>(), out value)) return true;
        _errors.Add(field, Instants.Expected);
        return false;
    }

    /// <summary>A present, non-null array.</summary>
    public bool Array(string field, out JsonArray value)
    {
        value = [];
        if (!Node(field, JsonValueKind.Array, "an array", out var node, nullable: false)) return false;
        value = node!.AsArray();
        return true;
    }

    private bool Node(string field, JsonValueKind kind, string description, out JsonNode? node, bool nullable)
    {
        if (!_body.TryGetPropertyValue(field, out node)) return false;
        if (node is null && nullable) return true;
        if (node is null || node.GetValueKind() != kind)
        {
            _errors.Add(field, nullable ? $"Must be {description} or null." : $"Must be {description}; it cannot be cleared.");
            return false;
        }
        return true;
    }
}
