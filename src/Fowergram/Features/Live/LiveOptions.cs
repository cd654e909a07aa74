using Fowergram.Platform.Options;

namespace Fowergram.Features.Live;

/// <summary>
/// Settings of section <c>Live</c> (both hosts; <c>Live__IngestUrl</c> in the environment): the streaming provider's endpoints.
/// Fowergram never ingests or transcodes video; the provider does. Both empty means live streaming is off on this deployment
/// (creating a broadcast answers 503); one without the other, or a malformed one, fails start-up.
/// </summary>
public sealed class LiveOptions : ISelfValidatingOptions
{
    public const string Section = "Live";
    public const string StreamIdPlaceholder = "{streamId}";

    /// <summary>The provider's RTMPS ingest URL the broadcaster's encoder pushes to (with the stream key).</summary>
    public string? IngestUrl { get; set; }

    /// <summary>The provider's HLS playback URL of a broadcast, with a <c>{streamId}</c> placeholder.</summary>
    public string? PlaybackUrlTemplate { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(IngestUrl) && !string.IsNullOrWhiteSpace(PlaybackUrlTemplate);

    public string PlaybackUrl(Guid streamId) => PlaybackUrlTemplate!.Replace(StreamIdPlaceholder, streamId.ToString("D"), StringComparison.Ordinal);

    public IEnumerable<string> Problems()
    {
        var hasIngest = !string.IsNullOrWhiteSpace(IngestUrl);
        var hasPlayback = !string.IsNullOrWhiteSpace(PlaybackUrlTemplate);
        if (hasIngest != hasPlayback)
            yield return "Live:IngestUrl and Live:PlaybackUrlTemplate must be set together (or both left empty to turn live streaming off).";
        if (hasIngest && !(Uri.TryCreate(IngestUrl, UriKind.Absolute, out var ingest) && ingest.Scheme == "rtmps" && ingest.Host.Length > 0))
            yield return "Live:IngestUrl must be an absolute rtmps:// URL.";
        if (hasPlayback && !(PlaybackUrlTemplate!.Contains(StreamIdPlaceholder, StringComparison.Ordinal) &&
                             Uri.TryCreate(PlaybackUrl(Guid.Empty), UriKind.Absolute, out var playback) && playback.Scheme == Uri.UriSchemeHttps))
            yield return "Live:PlaybackUrlTemplate must be an absolute https:// URL containing {streamId}.";
    }
}
