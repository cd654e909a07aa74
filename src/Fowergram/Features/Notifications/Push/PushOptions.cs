using Fowergram.Platform.Options;

namespace Fowergram.Features.Notifications.Push;

/// <summary>Bound from the <c>Push</c> section in both hosts (docs/social-graph.md "Push notifications").</summary>
public sealed class PushOptions : ISelfValidatingOptions
{
    public const string Section = "Push";

    /// <summary>
    /// The push services browsers subscribe with (Chrome, Firefox, Safari, Edge), as origins; a leading <c>*.</c> matches
    /// any subdomain. Comma-separated. Fowergram only ever sends to these: a subscription's endpoint is a URL the client
    /// chose, and sending to any URL would let a client aim the server at its own network.
    /// </summary>
    public string AllowedEndpoints { get; set; } =
        "https://fcm.googleapis.com,https://updates.push.services.mozilla.com,https://*.push.apple.com,https://*.notify.windows.com";

    /// <summary>
    /// The application server's VAPID key (RFC 8292): a P-256 private key, base64url of its 32 bytes. Empty: derived from
    /// Auth:SigningKey for this one purpose, so every instance signs with the same key without another secret to deploy.
    /// </summary>
    public string? VapidPrivateKey { get; set; }

    /// <summary>The VAPID <c>sub</c> claim, a <c>mailto:</c> or <c>https:</c> contact for the push services' operators (Apple requires one).</summary>
    public string? Subject { get; set; }

    /// <summary>A notice older than this is not pushed (a backlog after an outage is stale news); also the message's TTL.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Sends of one notice to one subscription before it is given up (429, 5xx, no answer).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Members of a broadcast channel queued per statement when a message is fanned out to them.</summary>
    public int ChannelFanOutBatch { get; set; } = 5_000;

    /// <summary>Native app pushes through Firebase Cloud Messaging (<see cref="FcmOptions"/>); off by default.</summary>
    public FcmOptions Fcm { get; set; } = new();

    /// <summary>Native app pushes straight to Apple (<see cref="ApnsOptions"/>); off by default.</summary>
    public ApnsOptions Apns { get; set; } = new();

    public IReadOnlyList<PushOrigin> Origins() =>
        AllowedEndpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => PushOrigin.TryParse(o, out var origin) ? origin! : throw new InvalidOperationException($"Push:AllowedEndpoints: '{o}' is no origin."))
            .ToList();

    public IEnumerable<string> Problems()
    {
        foreach (var o in AllowedEndpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (!PushOrigin.TryParse(o, out _)) yield return $"Push:AllowedEndpoints: '{o}' is not an origin such as https://fcm.googleapis.com or https://*.push.apple.com.";
        if (!string.IsNullOrEmpty(VapidPrivateKey) && VapidKeys.TryDecodePrivate(VapidPrivateKey) is null)
            yield return "Push:VapidPrivateKey must be the base64url of a P-256 private key (32 bytes).";
        if (Subject is { Length: > 0 } s && !(s.StartsWith("mailto:", StringComparison.Ordinal) || s.StartsWith("https://", StringComparison.Ordinal)))
            yield return "Push:Subject must be a mailto: or https: URL (empty: mailto: and the address of Email:From).";
        if (MaxAge <= TimeSpan.Zero || MaxAge > TimeSpan.FromDays(28)) yield return "Push:MaxAge must be positive and at most 28 days.";
        if (MaxAttempts is < 1 or > 10) yield return "Push:MaxAttempts must be from 1 to 10.";
        if (ChannelFanOutBatch is < 1 or > 100_000) yield return "Push:ChannelFanOutBatch must be from 1 to 100,000.";
        foreach (var problem in Fcm.Problems()) yield return problem;
        foreach (var problem in Apns.Problems()) yield return problem;
    }
}

/// <summary>An allowed push service: scheme, host (or <c>*.</c> and a domain) and port.</summary>
public sealed record PushOrigin(string Scheme, string Host, bool Subdomains, int Port)
{
    public static bool TryParse(string text, out PushOrigin? origin)
    {
        origin = null;
        var wildcard = text.Contains("://*.", StringComparison.Ordinal);
        if (!Uri.TryCreate(wildcard ? text.Replace("://*.", "://", StringComparison.Ordinal) : text, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http") || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0) return false;
        origin = new PushOrigin(uri.Scheme, uri.IdnHost.ToLowerInvariant(), wildcard, uri.Port);
        return true;
    }

    public bool Allows(Uri endpoint)
    {
        var host = endpoint.IdnHost.ToLowerInvariant();
        return endpoint.Scheme == Scheme && endpoint.Port == Port
            && (Subdomains ? host.EndsWith("." + Host, StringComparison.Ordinal) : host == Host);
    }
}
