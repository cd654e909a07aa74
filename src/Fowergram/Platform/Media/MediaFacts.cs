namespace Fowergram.Platform.Media;

/// <summary>
/// What a claim measured of an object (docs/media.md, "Measured"): the picture's width and height as shown (after a
/// photo's EXIF orientation, a HEIC's <c>irot</c>, a video track's rotation matrix) and a video's duration in whole
/// seconds, rounded. Null where the file does not say. Rows that hold media record these rather than what the client
/// declared, and a reel's or video's length limit is checked against the measured duration.
/// </summary>
public sealed record MediaFacts(int? Width, int? Height, int? DurationSeconds)
{
    public static readonly MediaFacts Unknown = new(null, null, null);

    /// <summary>Width and height, swapped when the picture is shown turned a quarter.</summary>
    internal static MediaFacts Picture(long width, long height, bool quarterTurn, int? durationSeconds = null) =>
        width is > 0 and <= int.MaxValue && height is > 0 and <= int.MaxValue
            ? quarterTurn ? new((int)height, (int)width, durationSeconds) : new((int)width, (int)height, durationSeconds)
            : new(null, null, durationSeconds);
}
