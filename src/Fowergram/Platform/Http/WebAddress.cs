namespace Fowergram.Platform.Http;

/// <summary>A web address a user gives (a profile link, a product's shop page), checked before it is stored and shown to others.</summary>
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
            : httpsOnly ? "Must be an https address, like https://example.com/item." : "Must be an http or https address, like https://example.com.";
}
