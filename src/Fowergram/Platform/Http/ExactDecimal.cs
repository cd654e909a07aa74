using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Fowergram.Platform.Http;

/// <summary>
/// A JSON number as a decimal only when the decimal holds it exactly. The JSON readers round a number past a decimal's 28
/// places or 29 digits without a word (1E-30 reads as 0, 1.00000000000000000000000000001 as 1), so a rule that checks the
/// value afterwards (a price's two decimals) never sees what was sent; the number's own text is compared with the value read.
/// </summary>
public static partial class ExactDecimal
{
    /// <summary>What a decimal member accepts, for the messages that refuse one.</summary>
    public const string Expected = "a JSON number, or a string holding one (\"12.50\")";

    /// <summary>
    /// The one rule for a decimal sent in JSON, on every route that takes one (a product's price on POST and PATCH alike): a JSON
    /// number, or a string whose whole text is a JSON number (RFC 8259's grammar: no sign but "-", no spaces, no leading
    /// zeros, no "NaN"), read exactly or not at all. Until 2026-12-07 POST took "12.50" and PATCH refused it.
    /// </summary>
    public static bool TryRead(JsonElement element, out decimal value)
    {
        value = 0;
        var text = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String => element.GetString()!,
            _ => null,
        };
        return text is not null && TryParse(text, out value);
    }

    /// <summary><see cref="TryRead(JsonElement, out decimal)"/> for the text of a number or of a quoted one.</summary>
    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        return text.Length <= 1000 && JsonNumber().IsMatch(text)
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && Holds(text, value);
    }

    /// <summary>A JSON number's text (RFC 8259), unanchored: the parser's rule and the API document's pattern for a quoted decimal.</summary>
    public const string NumberText = @"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?";

    [GeneratedRegex(@"\A" + NumberText + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();

    /// <summary>True when <paramref name="value"/> is the number <paramref name="text"/> (a JSON number's text) writes.</summary>
    public static bool Holds(ReadOnlySpan<char> text, decimal value) =>
        Canonical(text) is { } sent && Canonical(value.ToString(CultureInfo.InvariantCulture)) == sent;

    /// <summary>
    /// The number's significant digits (no leading or trailing zeros; empty for zero) and the power of ten they are scaled by,
    /// the sign left out (the reader keeps it); null for an exponent no decimal comes near.
    /// </summary>
    private static (string Digits, long Exponent)? Canonical(ReadOnlySpan<char> text)
    {
        if (text.StartsWith("-") || text.StartsWith("+")) text = text[1..]; // a quoted number may have either
        var e = text.IndexOfAny('e', 'E');
        var mantissa = e < 0 ? text : text[..e];
        var point = mantissa.IndexOf('.');
        var written = point < 0 ? mantissa.ToString() : string.Concat(mantissa[..point], mantissa[(point + 1)..]);
        var digits = written.TrimStart('0');
        if (digits.Length == 0) return ("", 0); // zero, whatever its exponent
        long exponent = 0;
        if (e >= 0 && (!long.TryParse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                       || exponent is < -1_000_000 or > 1_000_000)) return null;
        if (point >= 0) exponent -= mantissa.Length - point - 1;
        var significant = digits.TrimEnd('0');
        return (significant, exponent + digits.Length - significant.Length);
    }
}

/// <summary>
/// A decimal member of a request body read by <see cref="ExactDecimal.TryRead(JsonElement, out decimal)"/>, the rule a merge
/// patch reads one by too: anything else is a JsonException, which <see cref="JsonBody"/> answers as a 400 naming the member.
/// </summary>
public sealed class ExactDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return ExactDecimal.TryRead(document.RootElement, out var value) ? value : throw new JsonException();
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
