namespace Fowergram.Platform.Http;

/// <summary>A web address a user gives (a profile link, a story's link sticker, a product's shop page), checked before it is stored and shown to others.</summary>
public static class WebAddress
{
    public const int MaxLength = 2048;

    /// <summary>
    /// Why <paramref name="url"/> is refused, or null: absolute, http or https (<paramref name="httpsOnly"/>: https), a host,
    /// no whitespace or control characters, at most <see cref="MaxLength"/> characters.
    /// </summary>
    public static string? Problem(string url, bool httpsOnly = false) =>
        url.Length > MaxLength ? $"Must be at most {MaxLength} characters."
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (!httpsOnly && uri.Scheme == Uri.UriSchemeHttp))
            && uri.Host.Length > 0 && url.All(c => !char.IsWhiteSpace(c) && !char.IsControl(c))
            ? null
            : Refusal(httpsOnly);

    /// <summary>
    /// The address as it is stored, with its scheme and host in small letters ("HTTPS://Shop.Example/Mugs" is
    /// "https://shop.example/Mugs": neither's case means anything, RFC 3986 6.2.2.1, and a stored text compares, and is checked
    /// by a CHECK, as written), or null with <paramref name="problem"/>. It must read as written: a scheme, "://", then a host
    /// with no backslash; Uri would take "https:\\host" or "https:/\host" for one, a browser may not, and so neither is kept.
    /// The path, query and fragment are kept as typed (their case can matter). The host is stored as <see cref="WebHost"/>
    /// says: ASCII, an internationalised name as its A-labels, none with an invisible character.
    /// </summary>
    public static string? Normalize(string url, bool httpsOnly, out string? problem)
    {
        problem = null;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var authorityStart = schemeEnd + 3;
        var authorityEnd = schemeEnd < 0 ? -1 : url.IndexOfAny(['/', '?', '#'], authorityStart) is var end and >= 0 ? end : url.Length;
        if (schemeEnd <= 0 || authorityEnd <= authorityStart || url.AsSpan(0, authorityEnd).Contains('\\'))
        {
            problem = url.Length > MaxLength ? $"Must be at most {MaxLength} characters." : Refusal(httpsOnly);
            return null;
        }
        var hostStart = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart) + 1 is var at and > 0 ? at : authorityStart;
        if (WebHost.Normalize(url[hostStart..authorityEnd]) is not { } host || url.Any(IsBidiControl))
        {
            problem = url.Length > MaxLength ? $"Must be at most {MaxLength} characters." : Invisible;
            return null;
        }
        var normal = Lower(url[..schemeEnd]) + url[schemeEnd..hostStart] + host + url[authorityEnd..];
        problem = Problem(normal, httpsOnly);
        return problem is null ? normal : null;
    }

    private const string Invisible =
        "Must name its host in visible characters (no zero-width or other invisible character, no text-direction control anywhere).";

    /// <summary>
    /// The bidi controls, refused anywhere in an address (not only its host): they reorder how the text around them is shown,
    /// so a path could make the host look like another. A path's other characters are kept as typed (an emoji's joiners).
    /// </summary>
    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string Refusal(bool httpsOnly) =>
        httpsOnly ? "Must be an https address, like https://example.com/item." : "Must be an http or https address, like https://example.com.";

    /// <summary>ASCII letters only: a host's other characters (an IDN's) are left as given, as Uri's own comparison leaves them.</summary>
    private static string Lower(string text) => string.Create(text.Length, text, (span, t) =>
    {
        for (var i = 0; i < t.Length; i++) span[i] = t[i] is >= 'A' and <= 'Z' ? (char)(t[i] + 32) : t[i];
    });
}
