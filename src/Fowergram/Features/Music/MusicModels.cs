namespace Fowergram.Features.Music;

/// <summary>A catalogue track. <see cref="UsageCount"/>: stories ever made with it (exact, story-counters); trending adds the recent count.</summary>
public sealed record MusicTrackResponse(
    Guid Id, string Title, string Artist, string? Album, int DurationSeconds, string? PreviewUrl, string? CoverArtUrl,
    string? Genre, bool IsExplicit, long UsageCount, long? RecentUseCount);

public sealed record MusicTracksResponse(IReadOnlyList<MusicTrackResponse> Items);

internal sealed class MusicTrackRow
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string Artist { get; set; } = "";
    public string? Album { get; set; }
    public int Duration { get; set; }
    public string? PreviewUrl { get; set; }
    public string? CoverArtUrl { get; set; }
    public string? Genre { get; set; }
    public bool IsExplicit { get; set; }
    public long UsageCount { get; set; }
    public long? RecentUseCount { get; set; }

    public MusicTrackResponse ToResponse() =>
        new(Id, Title, Artist, Album, Duration, PreviewUrl, CoverArtUrl, Genre, IsExplicit, UsageCount, RecentUseCount);
}

/// <summary>
/// The clip a note or a post plays: the track and where in it the clip starts. Shown only while the track is in the
/// catalogue (a withdrawn track leaves the note or post silent).
/// </summary>
public sealed record MusicClipView(Guid TrackId, string Title, string Artist, int StartSeconds, string? PreviewUrl, string? CoverArtUrl);
