using System.Text.Json;

namespace Fowergram.Platform.Http;

/// <summary>Times a client names in a body: ISO 8601 as JSON writes them, with an explicit offset (a time without one names no instant).</summary>
public static class Instants
{
    public const string Expected = "Must be an ISO 8601 date and time with an offset, such as 2026-12-24T18:00:00Z.";

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || !HasOffset(text)) return false;
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(text));
        return json.RootElement.TryGetDateTimeOffset(out value);
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
