using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Fowergram.Platform.Http;

namespace Fowergram.Platform.Content;

/// <summary>The #hashtags and @mentions of a caption or comment, lower-cased, distinct, in order of appearance.</summary>
public sealed record TextLinks(IReadOnlyList<string> Hashtags, IReadOnlyList<string> Mentions);

/// <summary>
/// Parses captions and comments the way Instagram links them. A hashtag is '#' and letters, digits or
/// underscores (any script, in or beyond the Basic Multilingual Plane), not glued to a preceding word; one longer than a
/// hashtag may be is plain text. A mention is '@' and a username (letters, digits, '.', '_'; a trailing period ends the
/// sentence, not the name). Whether a mentioned account exists is decided later, silently.
/// </summary>
public static partial class CaptionText
{
    public const int MaxLength = 2200;
    public const int MaxHashtags = 30;
    public const int MaxMentions = 20;
    public const int MaxHashtagLength = 100;

    public static TextLinks Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return new TextLinks([], []);
        var hashtags = Hashtags(text).Select(LowerCase)
            .Where(h => TextRules.Characters(h) <= MaxHashtagLength).Distinct(StringComparer.Ordinal).ToList();
        var mentions = Mention().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.').ToLowerInvariant())
            .Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return new TextLinks(hashtags, mentions);
    }

    /// <summary>Why the text cannot be posted (too long, too many hashtags or mentions), or null.</summary>
    public static string? Problem(string text, TextLinks links) =>
        TextRules.Characters(text) > MaxLength ? $"Must be at most {MaxLength} characters."
        : links.Hashtags.Count > MaxHashtags ? $"At most {MaxHashtags} hashtags are allowed; this text has {links.Hashtags.Count}."
        : links.Mentions.Count > MaxMentions ? $"At most {MaxMentions} @mentions are allowed; this text has {links.Mentions.Count}."
        : null;

    /// <summary>
    /// A hashtag name as the API takes it in a URL ("#Sunset" or "sunset"), or null when it cannot name one. Its length is
    /// judged as composing could leave it (the lookups compose, <c>normalize(…, NFC)</c>, and compare with the stored names, at
    /// most 100 characters): combining marks may merge into the letters before them, so a tag typed decomposed — 60 × (e and
    /// U+0301), 120 code points — still reaches its 60-letter page; until session 53 it was a 404 there.
    /// </summary>
    public static string? NormalizeHashtag(string? raw)
    {
        var name = LowerCase((raw ?? "").Trim().TrimStart('#'));
        var runes = name.EnumerateRunes().ToList();
        return runes.Count is > 0 and <= MaxTypedHashtagLength && runes.All(IsHashtagRune) && ComposedLength(runes) <= MaxHashtagLength
            ? name : null;
    }

    /// <summary>
    /// How many code points NFC could leave of <paramref name="runes"/>: combining marks may merge into the letter before them
    /// (not counted), and Hangul jamo compose by Unicode's algorithm — a leading consonant and a vowel are one syllable, and a
    /// trailing consonant joins that syllable — so "한국" typed as six jamo is two letters, as the database stores it. Until
    /// session 54 jamo were counted one by one: a 40-syllable tag typed decomposed (120 jamo) was refused as too long.
    /// </summary>
    private static int ComposedLength(IReadOnlyList<Rune> runes)
    {
        var (count, previous) = (0, Jamo.None);
        foreach (var rune in runes)
        {
            if (IsMark(rune)) { previous = Jamo.None; continue; }
            var kind = JamoKind(rune.Value);
            if ((previous, kind) is (Jamo.Leading, Jamo.Vowel)) { previous = Jamo.Syllable; continue; }
            if ((previous, kind) is (Jamo.Syllable, Jamo.Trailing)) { previous = Jamo.None; continue; }
            count++;
            previous = kind;
        }
        return count;
    }

    private enum Jamo { None, Leading, Vowel, Trailing, Syllable }

    // The ranges NFC composes (Unicode §3.12): L U+1100–1112, V U+1161–1175, T U+11A8–11C2, and the LV syllables a T may join.
    private static Jamo JamoKind(int c) =>
        c is >= 0x1100 and <= 0x1112 ? Jamo.Leading
        : c is >= 0x1161 and <= 0x1175 ? Jamo.Vowel
        : c is >= 0x11A8 and <= 0x11C2 ? Jamo.Trailing
        : c is >= 0xAC00 and <= 0xD7A3 && (c - 0xAC00) % 28 == 0 ? Jamo.Syllable
        : Jamo.None;

    /// <summary>Code points a hashtag typed decomposed may take in a URL or search: room for a mark or three on each letter.</summary>
    private const int MaxTypedHashtagLength = 4 * MaxHashtagLength;

    private static bool IsMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>
    /// Each '#' not glued to a word (nor to '&amp;', as in "&amp;#39;", nor to another '#') and the hashtag characters after it.
    /// Walked by code point, not by regex: .NET's \p{L} looks at UTF-16 units, so letters beyond the Basic Multilingual Plane
    /// (Gothic, Adlam, Deseret …), two units each, ended a hashtag where they should have been part of it.
    /// </summary>
    private static IEnumerable<string> Hashtags(string text)
    {
        for (var at = text.IndexOf('#'); at >= 0; at = text.IndexOf('#', at + 1))
        {
            if (at > 0 && Rune.DecodeLastFromUtf16(text.AsSpan(0, at), out var before, out _) == OperationStatus.Done
                && (IsHashtagRune(before) || before.Value is '&' or '#')) continue;
            var end = at + 1;
            while (end < text.Length && Rune.DecodeFromUtf16(text.AsSpan(end), out var rune, out var units) == OperationStatus.Done
                   && IsHashtagRune(rune)) end += units;
            if (end > at + 1) yield return text[(at + 1)..end];
        }
    }

    /// <summary>
    /// A hashtag lower-cased as PostgreSQL's lower() does it, which <c>hashtags_name_lower_case</c> checks. Invariant lower-casing
    /// (the hosts run invariant globalization) agrees on every code point but one: it leaves Turkish İ (U+0130) as it is, which
    /// the database lowers to i, so "#İstanbul" broke the check (a 500) instead of joining #istanbul.
    /// </summary>
    private static string LowerCase(string name) => name.ToLowerInvariant().Replace('\u0130', 'i');

    /// <summary>A letter, mark or number of any script (Unicode L*, M*, N*), or '_'.</summary>
    private static bool IsHashtagRune(Rune rune) => rune.Value == '_' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };

    [GeneratedRegex(@"(?<![A-Za-z0-9._@])@([A-Za-z0-9._]{1,30})(?![A-Za-z0-9._])", RegexOptions.CultureInvariant)]
    private static partial Regex Mention();
}
