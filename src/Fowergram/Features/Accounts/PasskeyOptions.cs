namespace Fowergram.Features.Accounts;

/// <summary>
/// <c>Auth:Passkeys</c> (<c>Auth__Passkeys__RelyingPartyId</c> etc. in app settings): who the passkeys belong to. The relying
/// party id is the registrable domain the web and app clients share (an authenticator scopes every key to it, so changing it
/// orphans every passkey); the origins are the pages allowed to use them, comma-separated (scheme://host[:port]; a path or
/// a trailing slash is dropped). The defaults suit the Server host on this machine.
/// </summary>
public sealed class PasskeyOptions
{
    public string RelyingPartyId { get; set; } = "localhost";
    public string RelyingPartyName { get; set; } = "Fowergram";
    public string Origins { get; set; } = "http://localhost:7071";

    /// <summary>The origins as a browser writes them into clientDataJSON: scheme, host and a port other than the default.</summary>
    public IReadOnlySet<string> OriginSet() => Origins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(o => Uri.TryCreate(o, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : o)
        .ToHashSet(StringComparer.Ordinal);
}
