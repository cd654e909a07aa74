using System.Text.Json;
using System.Text.Json.Nodes;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Accounts;

/// <summary>Typed access to the members of a merge patch; a wrong type becomes a validation message.</summary>
internal sealed class PatchReader(JsonObject body, Validation v, string prefix = "")
{
    /// <summary>True when the member is present and usable: a string, or null where <paramref name="nullable"/>.</summary>
    public bool String(string field, out string? value, bool nullable = true)
    {
        value = null;
        if (!Node(field, JsonValueKind.String, "a string", out var node, nullable)) return false;
        value = node?.GetValue<string>();
        return true;
    }

    public bool Boolean(string field, out bool value)
    {
        value = false;
        if (!body.TryGetPropertyValue(field, out var node)) return false;
        if (node?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            v.Add(prefix + field, "Must be true or false.");
            return false;
        }
        value = node.GetValue<bool>();
        return true;
    }

    public bool Node(string field, JsonValueKind kind, string description, out JsonNode? node, bool nullable = true)
    {
        if (!body.TryGetPropertyValue(field, out node)) return false;
        if (node is null && nullable) return true;
        if (node is null || node.GetValueKind() != kind)
        {
            v.Add(prefix + field, nullable ? $"Must be {description} or null." : $"Must be {description}; it cannot be cleared.");
            return false;
        }
        return true;
    }
}
