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
        var whole = IsWordChar(word, 0) && IsWordChar(word, word.Length - 1);
        for (var at = haystack.IndexOf(word, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            if (!whole) return true;
            var end = at + word.Length;
            if ((at == 0 || !IsWordChar(haystack, at - 1)) && (end == haystack.Length || !IsWordChar(haystack, end))) return true;
        }
        return false;
    }

    private static bool IsWordChar(string s, int i) =>
        char.IsLetterOrDigit(s, i) || char.GetUnicodeCategory(s, i) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            || s[i] == '_';

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
