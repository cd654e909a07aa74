using Fowergram.Features.Posts;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Reels;

/// <summary>
/// When a reel may be scheduled for, and how many may wait (docs/reels.md "Scheduled reels"): the bounds of scheduled
/// posts (<see cref="PublishTimes"/>), and a count of its own — 50 reels may wait beside 50 posts, as the two are scheduled
/// from different screens.
/// </summary>
internal static class ScheduledReelRules
{
    /// <summary>Scheduled reels one account may have waiting at once (scheduled posts are counted apart).</summary>
    public const int MaxPending = ScheduledPostRules.MaxPending;

    private const string AtOnce = "to share at once, use POST /reels";

    /// <summary>The body's <c>publishAt</c> (<see cref="PublishTimes.Read"/>).</summary>
    public static DateTimeOffset? PublishAt(string? text, DateTimeOffset now, Validation v) => PublishTimes.Read(text, now, AtOnce, v);

    /// <summary>A patched <c>publishAt</c> (<see cref="PublishTimes.Within"/>).</summary>
    public static DateTimeOffset? Within(DateTimeOffset at, DateTimeOffset now, Validation v) => PublishTimes.Within(at, now, AtOnce, v);
}
