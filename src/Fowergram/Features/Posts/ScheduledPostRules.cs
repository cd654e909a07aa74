using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Posts;

/// <summary>When a post may be scheduled for (<see cref="PublishTimes"/>), and how many may wait (docs/posts.md "Scheduled posts").</summary>
internal static class ScheduledPostRules
{
    /// <summary>Scheduled posts one account may have waiting at once.</summary>
    public const int MaxPending = 50;

    private const string AtOnce = "to post at once, use POST /posts";

    /// <summary>The body's <c>publishAt</c> (<see cref="PublishTimes.Read"/>).</summary>
    public static DateTimeOffset? PublishAt(string? text, DateTimeOffset now, Validation v) => PublishTimes.Read(text, now, AtOnce, v);

    /// <summary>A patched <c>publishAt</c> (<see cref="PublishTimes.Within"/>).</summary>
    public static DateTimeOffset? Within(DateTimeOffset at, DateTimeOffset now, Validation v) => PublishTimes.Within(at, now, AtOnce, v);

    /// <summary>Route ids are strings: anything that is not a UUID names nothing (404).</summary>
    public static bool TryParseId(string? raw, out Guid id) => Guid.TryParse(raw, out id);
}
