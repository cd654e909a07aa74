using System.Buffers;
using System.Globalization;
using System.Text;

namespace Fowergram.Platform.Http;

/// <summary>
/// The host of a web address a user gives (<see cref="WebAddress"/>), in the one form it is stored in: ASCII, an
/// internationalised name as its A-labels ("bücher.example" is "xn--bcher-kva.example", as "XN--BCHER-KVA.example" is), so
/// one place has one spelling, and what others are shown cannot pass one script's letter off as another's (a Cyrillic "а"
/// in "аpple.example" reads "xn--pple-43d.example"); a client may show the Unicode form by its own rules. A host with an
/// invisible character (a zero-width space, a joiner, a soft hyphen, a variation selector, a Hangul filler) is refused:
/// IDNA would drop most of them without a word, so "shop\u200B.example" would look like, and lead to, "shop.example". Both
/// were kept as typed until 2026-12-07.
/// </summary>
internal static class WebHost
{
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    /// <summary>
    /// <paramref name="hostAndPort"/>, an address's host part (after any user part; with its port) in its stored form, ASCII letters in small
    /// letters, or null when it is refused.
    /// </summary>
    public static string? Normalize(string hostAndPort)
    {
        if (HasInvisible(hostAndPort)) return null;
        if (hostAndPort.StartsWith('[')) return Lower(hostAndPort); // an IPv6 literal: Uri checks it
        var colon = hostAndPort.LastIndexOf(':');
        var (host, port) = colon < 0 ? (hostAndPort, "") : (hostAndPort[..colon], hostAndPort[colon..]);
        if (HasLookAlikeForm(host)) return null;
        try
        {
            // The hosts run in invariant globalization mode: IdnMapping only punycodes there (no UTS #46 mapping), so the
            // letters are lowered here (full Unicode case mapping, as in every mode since .NET 6) and the forms that mapping
            // would have folded are refused above.
            if (host.Any(c => c > '\x7F')) return Idn.GetAscii(host.ToLowerInvariant()) + port;
            var lower = Lower(host);
            // An A-label typed as such must decode (an "xn--" label that is no punycode names nothing).
            if (lower.Contains("xn--", StringComparison.Ordinal)) Idn.GetUnicode(lower);
            return lower + port;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when <paramref name="text"/> holds a character that shows as nothing, or a lone surrogate: format characters
    /// (zero-width space and joiners, bidi controls, soft hyphen, word joiner, byte order mark, tags), controls, spaces,
    /// unassigned and private-use code points, and the default-ignorable letters and marks that are not format characters
    /// (combining grapheme joiner, variation selectors, Hangul fillers, Khmer inherent vowels, Mongolian selectors), and the
    /// braille blank.
    /// </summary>
    public static bool HasInvisible(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != OperationStatus.Done || IsInvisible(rune)) return true;
            i += used;
        }
        return false;
    }

    /// <summary>
    /// Characters IDNA's mapping would fold into others, which this host cannot do (invariant mode, no normalisation): the
    /// compatibility forms (fullwidth "ｓｈｏｐ", the ideographic full stop, ligatures, circled, super- and subscript and
    /// mathematical letters, letterlike symbols) and a combining mark after a Latin, Greek or Cyrillic letter (an accent typed
    /// apart, as macOS keyboards send it: "u" + U+0308 for "ü"). Refused, so "ｓｈｏｐ.example" is not stored as the A-label of
    /// a host no browser would go to; the seller writes "shop.example", or "bücher" with its accented letter.
    /// </summary>
    private static bool HasLookAlikeForm(string host)
    {
        for (var i = 0; i < host.Length; i++)
        {
            var c = host[i];
            if (c is (>= '\uFF00' and <= '\uFFEF') or '\u3002' or (>= '\uFB00' and <= '\uFB4F') or (>= '\u2460' and <= '\u24FF')
                or (>= '\u2070' and <= '\u209F') or (>= '\u2100' and <= '\u214F') or (>= '\u3200' and <= '\u33FF')
                || (char.IsHighSurrogate(c) && i + 1 < host.Length && char.ConvertToUtf32(c, host[i + 1]) is >= 0x1D400 and <= 0x1D7FF))
                return true;
            if (i > 0 && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                && host[i - 1] is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '\u00C0' and <= '\u052F') or (>= '\u1E00' and <= '\u1FFF'))
                return true;
        }
        return false;
    }

    private static bool IsInvisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.PrivateUse or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || rune.Value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F) or 0x2800 or 0x3164
            or (>= 0xFE00 and <= 0xFE0F) or 0xFFA0 or (>= 0xE0100 and <= 0xE01EF);

    private static string Lower(string text) => string.Create(text.Length, text, (span, t) =>
    {
        for (var i = 0; i < t.Length; i++) span[i] = t[i] is >= 'A' and <= 'Z' ? (char)(t[i] + 32) : t[i];
    });
}
