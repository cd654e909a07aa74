using Fowergram.Platform.Options;

namespace Fowergram.Features.Videos;

/// <summary>Bound from the <c>Videos</c> section in both hosts (<c>Videos__RestoreWindow</c>).</summary>
public sealed class VideosOptions : ISelfValidatingOptions
{
    public const string Section = "Videos";

    /// <summary>
    /// How long a video its author deleted stays in their "Recently deleted" list, restorable, with its file and cover kept
    /// (Instagram's 30 days, as Posts:RestoreWindow). Zero turns restoring off: a deletion is then final at once.
    /// </summary>
    public TimeSpan RestoreWindow { get; set; } = TimeSpan.FromDays(30);

    public IEnumerable<string> Problems()
    {
        if (RestoreWindow < TimeSpan.Zero || RestoreWindow > TimeSpan.FromDays(90))
            yield return "Videos:RestoreWindow must be from zero to 90 days.";
    }

    /// <summary>Until when a video deleted by its author at <paramref name="deletedAt"/> may be restored; null when restoring is off.</summary>
    public DateTimeOffset? RestorableUntil(DateTimeOffset deletedAt) => RestoreWindow > TimeSpan.Zero ? deletedAt + RestoreWindow : null;
}
