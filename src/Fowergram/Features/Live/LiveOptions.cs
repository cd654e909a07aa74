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

    /// <summary>
    /// A live broadcast whose broadcaster sent no heartbeat for this long is ended by live-auto-end (the app sends one
    /// every 30 seconds or so; a lost connection or a phone switched off never calls "end"). 30 seconds to an hour.
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest a broadcast may run, heartbeats or not (Instagram's is four hours). A minute to a day.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(4);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(IngestUrl) && !string.IsNullOrWhiteSpace(PlaybackUrlTemplate);

    public string PlaybackUrl(Guid streamId) => PlaybackUrlTemplate!.Replace(StreamIdPlaceholder, streamId.ToString("D"), StringComparison.Ordinal);

    public IEnumerable<string> Problems()
    {
        if (HeartbeatTimeout < TimeSpan.FromSeconds(30) || HeartbeatTimeout > TimeSpan.FromHours(1))
            yield return "Live:HeartbeatTimeout must be between 00:00:30 and 01:00:00.";
        if (MaxDuration < TimeSpan.FromMinutes(1) || MaxDuration > TimeSpan.FromDays(1))
            yield return "Live:MaxDuration must be between 00:01:00 and 1.00:00:00.";
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
