using System.Globalization;

namespace Fowergram.Platform.Http;

/// <summary>What every text field's limits mean, in one place.</summary>
public static class TextRules
{
    /// <summary>
    /// The length of a text as PostgreSQL counts it (char_length: code points), which is what every table's CHECK and every
    /// "at most N characters" in the docs mean: an emoji is one character, where string.Length counts its two UTF-16 units
    /// (so limits counted with it refused text the tables take).
    /// </summary>
    public static int Characters(string text) => text.EnumerateRunes().Count();

    /// <summary>
    /// A one-line field (a name, a title, a place): no control character (a newline, a tab, an escape) and no U+2028 / U+2029,
    /// which are not control characters yet break the line as a newline does.
    /// </summary>
    public static bool IsOneLine(string text) =>
        !text.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);
}
