using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Fowergram.Platform.Http.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> request header (IETF draft-ietf-httpapi-idempotency-key-header): 1 to 255 printable ASCII
/// characters, sent once. The value is taken as sent, quotes included, so a client that sends the draft's quoted
/// sf-string form and one that sends a bare token are both consistent with themselves.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxLength = 255;

    /// <summary>The key, null when the request sends none; or a 400 naming the header for one that is not a key.</summary>
    public static string? Read(HttpRequest request, out IResult? problem)
    {
        problem = null;
        if (!request.Headers.TryGetValue(Header, out var values)) return null;
        if (Invalid(values) is { } message)
        {
            problem = Problems.Validation(Header, message);
            return null;
        }
        return values[0];
    }

    private static string? Invalid(StringValues values)
    {
        if (values.Count != 1) return "Send the header once, with one key.";
        var key = values[0] ?? "";
        if (key.Length is 0 or > MaxLength) return $"Must be 1 to {MaxLength} characters.";
        foreach (var c in key)
            if (c is < ' ' or > '~') return "Must be printable ASCII characters (U+0020 to U+007E) only.";
        return null;
    }
}
