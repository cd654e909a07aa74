using System.Globalization;
using System.Text;

namespace Fowergram.Features.Stories;

/// <summary>
/// What a slider may carry: one emoji — one user-perceived character (a grapheme cluster, so a skin tone, a flag or a
/// family joined by zero-width joiners counts as one) whose first code point is a symbol (Unicode category So, where
/// the emoji blocks sit). Letters, digits, punctuation and two emoji side by side are refused.
/// </summary>
internal static class StickerEmoji
{
    /// <summary>The longest ZWJ sequences are 11 code points; the column's CHECK allows 16.</summary>
    private const int CodePointsMax = 16;

    public static bool IsOne(string text)
    {
        if (text.Length == 0 || new StringInfo(text).LengthInTextElements != 1) return false;
        if (Rune.DecodeFromUtf16(text, out var first, out _) != System.Buffers.OperationStatus.Done) return false;
        return Rune.GetUnicodeCategory(first) == UnicodeCategory.OtherSymbol && text.EnumerateRunes().Count() <= CodePointsMax;
    }
}
