using System.Globalization;
using System.Text;

namespace Fowergram.Platform.Content;

/// <summary>
/// Whether a comment contains one of an account's hidden words (docs/social-graph.md "Hidden words", migration 0106).
/// Comparison ignores case and runs of white space. A word or phrase that starts and ends with a letter or digit matches
/// only as whole words ("ass" hides "ass!" but not "class"); anything else (emoji, punctuation) matches wherever it occurs.
/// </summary>
public static class HiddenWords
{
    public const int MaxLength = 100;

    /// <summary>
    /// A word as stored: trimmed, white space runs made one space, lower-cased; null when it cannot be one. Its length is
    /// counted in characters (code points) as hidden_words' CHECK counts it: an emoji is one, not its two UTF-16 units.
    /// </summary>
    public static string? Normalize(string? raw)
    {
        var word = Collapse(raw ?? "");
        return word.Length > 0 && Http.TextRules.Characters(word) <= MaxLength && !word.Any(char.IsControl) ? word : null;
    }

    public static bool AnyIn(string text, IEnumerable<string> words)
    {
        var haystack = Collapse(text);
        return words.Any(word => Contains(haystack, word));
    }

    private static bool Contains(string haystack, string word)
    {
        if (word.Length == 0) return false;
        var whole = IsWordRune(FirstRune(word)) && IsWordRune(LastRune(word));
        for (var at = haystack.IndexOf(word, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            if (!whole) return true;
            var end = at + word.Length;
            if (!IsWordRune(LastRune(haystack.AsSpan(0, at))) && !IsWordRune(FirstRune(haystack.AsSpan(end)))) return true;
        }
        return false;
    }

    // Boundaries are judged on whole code points: a letter beyond the Basic Multilingual Plane (𝐀, CJK Extension B) is two
    // UTF-16 units, neither of which is a letter on its own, so judged by unit it ended a word in the middle of one.
    private static Rune? FirstRune(ReadOnlySpan<char> s) =>
        Rune.DecodeFromUtf16(s, out var rune, out _) == System.Buffers.OperationStatus.Done ? rune : null;

    private static Rune? LastRune(ReadOnlySpan<char> s) =>
        Rune.DecodeLastFromUtf16(s, out var rune, out _) == System.Buffers.OperationStatus.Done ? rune : null;

    private static bool IsWordRune(Rune? rune) =>
        rune is { } r && (Rune.IsLetterOrDigit(r) || r.Value == '_'
            || Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);

    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space) builder.Append(' ');
            space = false;
            builder.Append(c);
        }
        return builder.ToString().ToLowerInvariant();
    }
}
