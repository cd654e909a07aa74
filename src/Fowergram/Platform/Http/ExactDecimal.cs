using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fowergram.Platform.Http;

/// <summary>
/// A JSON number as a decimal only when the decimal holds it exactly. The JSON readers round a number past a decimal's 28
/// places or 29 digits without a word (1E-30 reads as 0, 1.00000000000000000000000000001 as 1), so a rule that checks the
/// value afterwards (a price's two decimals) never sees what was sent; the number's own text is compared with the value read.
/// </summary>
public static class ExactDecimal
{
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
/// A decimal member of a request body read only when exact (<see cref="ExactDecimal"/>): a number it would round is a
/// JsonException, which <see cref="JsonBody"/> answers as a 400 naming the member. Numbers in strings are read as the
/// options allow (the web defaults do), by the same rule.
/// </summary>
public sealed class ExactDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var raw = reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence) : Encoding.UTF8.GetString(reader.ValueSpan);
            if (reader.TryGetDecimal(out var value) && ExactDecimal.Holds(raw, value)) return value;
        }
        else if (reader.TokenType == JsonTokenType.String && options.NumberHandling.HasFlag(JsonNumberHandling.AllowReadingFromString))
        {
            // As the built-in reader takes a quoted number: the whole string, no spaces.
            var text = reader.GetString()!;
            var bytes = Encoding.UTF8.GetBytes(text);
            if (Utf8Parser.TryParse(bytes, out decimal value, out var consumed) && consumed == bytes.Length && ExactDecimal.Holds(text, value))
                return value;
        }
        throw new JsonException();
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
