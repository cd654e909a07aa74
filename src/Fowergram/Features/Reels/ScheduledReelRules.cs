using Fowergram.Features.Posts;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Reels;

/// <summary>
/// When a reel may be scheduled for, and how many may wait (docs/reels.md "Scheduled reels"): the bounds of scheduled
/// posts, and a count of its own — 50 reels may wait beside 50 posts, as the two are scheduled from different screens.
/// </summary>
internal static class ScheduledReelRules
{
    /// <summary>Scheduled reels one account may have waiting at once (scheduled posts are counted apart).</summary>
    public const int MaxPending = ScheduledPostRules.MaxPending;

    /// <summary>The body's <c>publishAt</c>: present, ISO 8601 with an offset, and <see cref="Within"/> the bounds; else a message naming it.</summary>
    public static DateTimeOffset? PublishAt(string? text, DateTimeOffset now, Validation v)
    {
        if (text is null) v.Add("publishAt", "This field is required.");
        else if (!Instants.TryParse(text, out var at)) v.Add("publishAt", Instants.Expected);
        else return Within(at, now, v);
        return null;
    }

    /// <summary><paramref name="at"/> in UTC when it lies 10 minutes to 75 days after <paramref name="now"/>; else a message naming <c>publishAt</c>.</summary>
    public static DateTimeOffset? Within(DateTimeOffset at, DateTimeOffset now, Validation v)
    {
        if (at >= now + ScheduledPostRules.MinAhead && at <= now + ScheduledPostRules.MaxAhead) return at.ToUniversalTime();
        v.Add("publishAt", "Must be from 10 minutes to 75 days from now (to share at once, use POST /reels).");
        return null;
    }
}
