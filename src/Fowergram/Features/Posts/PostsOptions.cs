using Fowergram.Platform.Options;

namespace Fowergram.Features.Posts;

/// <summary>Bound from the <c>Posts</c> section in both hosts (<c>Posts__DeletedMediaGrace</c>, <c>Posts__RestoreWindow</c>).</summary>
public sealed class PostsOptions : ISelfValidatingOptions
{
    public const string Section = "Posts";

    /// <summary>
    /// How long the objects of a deleted post that cannot be restored (taken down, deleted with its account or for good
    /// from "Recently deleted") stay in storage before post-media-cleanup removes them (room for a support restore). The
    /// post itself is gone from every read at once, and read URLs handed out before the deletion expire within
    /// Media:ReadUrlLifetime.
    /// </summary>
    public TimeSpan DeletedMediaGrace { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a post its author deleted stays in their "Recently deleted" list, restorable, with its objects kept
    /// (Instagram's 30 days). Zero turns restoring off: a deletion is then final as before.
    /// </summary>
    public TimeSpan RestoreWindow { get; set; } = TimeSpan.FromDays(30);

    public IEnumerable<string> Problems()
    {
        if (DeletedMediaGrace < TimeSpan.Zero || DeletedMediaGrace > TimeSpan.FromDays(90))
            yield return "Posts:DeletedMediaGrace must be from zero to 90 days.";
        if (RestoreWindow < TimeSpan.Zero || RestoreWindow > TimeSpan.FromDays(90))
            yield return "Posts:RestoreWindow must be from zero to 90 days.";
    }

    /// <summary>Until when a post deleted by its author at <paramref name="deletedAt"/> may be restored; null when restoring is off.</summary>
    public DateTimeOffset? RestorableUntil(DateTimeOffset deletedAt) => RestoreWindow > TimeSpan.Zero ? deletedAt + RestoreWindow : null;
}
