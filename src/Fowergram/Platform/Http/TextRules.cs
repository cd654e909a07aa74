using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

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

    /// <summary>
    /// Whether a text shows nothing (docs/api.md "Text limits"): null, empty, or only white space and characters that draw
    /// nothing on their own — format characters (zero-width space U+200B, joiners, word joiner U+2060, byte order mark U+FEFF,
    /// direction marks, tag characters), combining marks with no letter to sit on, variation selectors, and the fillers that
    /// render as blank (Hangul fillers U+115F, U+1160, U+3164, U+FFA0; braille blank U+2800). Every field that refuses white
    /// space only refuses these too: a note, a comment or a message of zero-width spaces looked empty yet was kept. A single
    /// visible character anywhere makes the text not blank.
    /// </summary>
    public static bool IsBlank([NotNullWhen(false)] string? text) => text is null || text.EnumerateRunes().All(ShowsNothing);

    /// <summary>
    /// Whether a text the user sent shows nothing yet is more than white space (docs/api.md "Blank text"): only zero-width,
    /// format or other invisible characters, perhaps among spaces. An optional field (a bio, a caption, an alt text) refuses
    /// it with a 400 naming the field: storing it kept an invisible text nobody could see or tell apart from none, and
    /// storing none instead would drop what was sent without saying so. Empty and white space alone keep their meaning
    /// (cleared, or trimmed to nothing), as they had before.
    /// </summary>
    public static bool IsInvisibleOnly([NotNullWhen(true)] string? text) =>
        text is not null && IsBlank(text) && text.EnumerateRunes().Any(r => !Rune.IsWhiteSpace(r));

    /// <summary>The message of a field refused by <see cref="IsInvisibleOnly"/>.</summary>
    public const string InvisibleOnly =
        "Shows nothing: only invisible characters (zero-width spaces, joiners, marks with no letter). Send an empty text to leave it empty.";

    private static bool ShowsNothing(Rune rune) =>
        Rune.IsWhiteSpace(rune) || Rune.IsControl(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
        || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x180E
        || rune.Value is >= 0xE0000 and <= 0xE0FFF; // tag characters and their unassigned neighbours: default ignorable
}
