using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Fowergram.Platform.Http.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> request header (IETF draft-ietf-httpapi-idempotency-key-header): 1 to 255 printable ASCII
/// characters, sent once. The value is taken as sent, quotes included, so a client that sends the draft's quoted
/// sf-string form and one that sends a bare token are both consistent with themselves. A comma outside a quoted string is a
/// list separator (RFC 9110 §5.3: a field sent on two lines means the same as its values joined with commas, and HttpClient,
/// proxies and the Functions runtime's forwarder join them so), so such a value is two keys, not one.
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
        if (values.Count != 1) return OnceWithOneKey;
        var key = values[0] ?? "";
        if (key.Length is 0 or > MaxLength) return $"Must be 1 to {MaxLength} characters.";
        foreach (var c in key)
            if (c is < ' ' or > '~') return "Must be printable ASCII characters (U+0020 to U+007E) only.";
        return IsList(key) ? OnceWithOneKey : null;
    }

    private const string OnceWithOneKey = "Send the header once, with one key (a comma outside quotes joins two keys).";

    /// <summary>
    /// Whether <paramref name="value"/> holds a comma outside a quoted string (<c>"…"</c>, with <c>\</c> escapes): the header
    /// sent twice, or a list, as every hop may have joined it. A comma inside a closed quoted string is part of one key; one
    /// after an unclosed quote counts as a separator, since <c>"a</c> and <c>b</c> sent on two lines join to <c>"a, b</c>.
    /// </summary>
    private static bool IsList(string value)
    {
        var quoted = false;
        var commaInQuotes = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quoted && c == '\\') i++;
            else if (c == '"')
            {
                if (!quoted) commaInQuotes = false;
                quoted = !quoted;
            }
            else if (c == ',')
            {
                if (!quoted) return true;
                commaInQuotes = true;
            }
        }
        return quoted && commaInQuotes;
    }
}
