using System.Text.RegularExpressions;
using Fowergram.Platform.Http;

namespace Fowergram.Platform.Content;

/// <summary>The #hashtags and @mentions of a caption or comment, lower-cased, distinct, in order of appearance.</summary>
public sealed record TextLinks(IReadOnlyList<string> Hashtags, IReadOnlyList<string> Mentions);

/// <summary>
/// Parses captions and comments the way Instagram links them. A hashtag is '#' and letters, digits or
/// underscores (any script), not glued to a preceding word; one longer than a hashtag may be is plain
/// text. A mention is '@' and a username (letters, digits, '.', '_'; a trailing period ends the
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
        var hashtags = Hashtag().Matches(text).Select(m => m.Groups[1].Value.ToLowerInvariant())
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

    /// <summary>A hashtag name as the API takes it in a URL ("#Sunset" or "sunset"), or null when it cannot name one.</summary>
    public static string? NormalizeHashtag(string? raw)
    {
        var name = (raw ?? "").Trim().TrimStart('#').ToLowerInvariant();
        return TextRules.Characters(name) is > 0 and <= MaxHashtagLength && HashtagName().IsMatch(name) ? name : null;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{M}\p{N}_&#])#([\p{L}\p{M}\p{N}_]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Hashtag();

    [GeneratedRegex(@"(?<![A-Za-z0-9._@])@([A-Za-z0-9._]{1,30})(?![A-Za-z0-9._])", RegexOptions.CultureInvariant)]
    private static partial Regex Mention();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{N}_]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex HashtagName();
}
